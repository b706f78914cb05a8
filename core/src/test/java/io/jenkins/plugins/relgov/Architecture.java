package io.jenkins.plugins.relgov;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** Architecture rules more than one module holds (the CLI reuses them through core's test jar). */
public final class Architecture {
    /** Jenkins's own packages, and those of the libraries only Jenkins brings (Stapler, Jenkins plugins). */
    static final String[] JENKINS = {"hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci.."};

    private Architecture() {}

    /**
     * Nothing of Jenkins: core and the CLI run where Jenkins is not (an auditor's laptop, any CI), and every build
     * tests them; only the plugin, which Jenkins alone can build, translates between Jenkins and core.
     */
    public static ArchRule knowsNothingOfJenkins() {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(JENKINS)
                .because("core and the CLI run without Jenkins; the plugin is the only glue to it");
    }
}
