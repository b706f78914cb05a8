package io.jenkins.plugins.relgov.cli;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.jenkins.plugins.relgov.Architecture;

/** The CLI is what auditors run without Jenkins: it must not need it. */
@AnalyzeClasses(packages = "io.jenkins.plugins.relgov.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule cliKnowsNothingOfJenkins = Architecture.knowsNothingOfJenkins();
}
