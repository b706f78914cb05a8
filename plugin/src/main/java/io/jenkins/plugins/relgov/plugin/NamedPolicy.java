package io.jenkins.plugins.relgov.plugin;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A policy an administrator defined under a name, as YAML (or JSON) text. Pipelines reference it by
 * name and cannot weaken it from a Jenkinsfile. A name equal to a shipped policy's replaces that one.
 */
public final class NamedPolicy implements Describable<NamedPolicy> {

    private final String name;
    private final String yaml;

    @DataBoundConstructor
    public NamedPolicy(String name, String yaml) {
        this.name = Util.fixEmptyAndTrim(name);
        this.yaml = yaml == null ? "" : yaml;
    }

    public String getName() {
        return name;
    }

    public String getYaml() {
        return yaml;
    }

    /** Everything wrong with this policy on its own (its name, and the core validator's lines), or nothing. */
    public List<String> problems() {
        if (!PolicyTexts.isValidName(name)) {
            return List.of("policy name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
        return PolicyTexts.problems(name + ".yaml", yaml);
    }

    @Extension
    @Symbol("policy")
    public static final class DescriptorImpl extends Descriptor<NamedPolicy> {

        @Override
        public String getDisplayName() {
            return "Release governance policy";
        }

        /** Runs the core validator on the text and shows every problem it reports, with line and field. */
        @POST
        public FormValidation doCheckYaml(@QueryParameter String value, @QueryParameter String name) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error("The policy text is empty.");
            }
            var problems = PolicyTexts.problems(displayName(name), value);
            return problems.isEmpty() ? FormValidation.ok() : FormValidation.error(String.join("\n", problems));
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String n = Util.fixEmptyAndTrim(value);
            if (n == null) {
                return FormValidation.error("A policy needs a name: pipelines reference it by this name.");
            }
            if (!PolicyTexts.isValidName(n)) {
                return FormValidation.error("Use letters, digits, '.', '_' or '-' only.");
            }
            if (PolicyTexts.shippedNames().contains(n)) {
                return FormValidation.warning("This replaces the shipped policy '" + n + "'.");
            }
            return FormValidation.ok();
        }

        private static String displayName(String name) {
            String n = Util.fixEmptyAndTrim(name);
            return (n == null ? "policy" : n) + ".yaml";
        }
    }
}
