package io.jenkins.plugins.relgov;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's check that no test class is left out (build-tools/TestsRan.java), run as the build runs it. */
class TestsRanTest {
    private static final Path TOOL =
            Path.of("../build-tools/TestsRan.java").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Path classes;
    Path reports;
    Path failsafeReports;

    @BeforeEach
    void compileSampleTestClasses() throws Exception {
        Map<String, String> sources = Map.of(
                "sample/FeesSpec.java", """
                        package sample;
                        class FeesSpec { @org.junit.jupiter.api.Test void fee() {} }""",
                "sample/BandProperties.java", """
                        package sample;
                        class BandProperties { @net.jqwik.api.Property boolean band() { return true; } }""",
                "sample/OrderTest.java", """
                        package sample;
                        class OrderTest {
                            @org.junit.jupiter.params.ParameterizedTest @org.junit.jupiter.params.provider.ValueSource(ints = 1)
                            void order(int i) {}
                            @org.junit.jupiter.api.Nested class WhenPaid { @org.junit.jupiter.api.Test void paid() {} }
                            static class Forgotten { @org.junit.jupiter.api.Test void never() {} }
                        }""",
                "sample/AbstractCheck.java", """
                        package sample;
                        abstract class AbstractCheck { @org.junit.jupiter.api.Test void inherited() {} }""",
                "sample/RefundTest.java", """
                        package sample;
                        class RefundTest extends AbstractCheck {}""",
                "sample/Helper.java", """
                        package sample;
                        class Helper { void notATest() {} }""",
                "sample/PackagedIT.java", """
                        package sample;
                        class PackagedIT { @org.junit.jupiter.api.Test void packaged() {} }""");
        Path src = dir.resolve("src");
        classes = Files.createDirectories(dir.resolve("test-classes"));
        reports = Files.createDirectories(dir.resolve("surefire-reports"));
        failsafeReports = Files.createDirectories(dir.resolve("failsafe-reports"));
        List<String> args =
                new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
                .isZero();
    }

    private record Run(int exit, String out, String err) {}

    private Run testsRan(String... skip) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes + File.pathSeparator + System.getProperty("java.class.path"),
                TOOL.toString(),
                classes.toString(),
                reports + File.pathSeparator + failsafeReports));
        command.addAll(List.of(skip));
        Process p = new ProcessBuilder(command)
                .redirectError(dir.resolve("err").toFile())
                .redirectOutput(dir.resolve("out").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    private void reported(String... classNames) throws Exception {
        for (String name : classNames) {
            Path folder = name.endsWith("IT") ? failsafeReports : reports;
            Files.writeString(folder.resolve("TEST-" + name + ".xml"), "<testsuite/>", StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTestClassWithoutItsReportFailsTheBuildByName() throws Exception {
        reported("sample.OrderTest", "sample.RefundTest", "sample.PackagedIT");
        Run run = testsRan();
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        // FeesSpec and BandProperties: names no pattern matched; Forgotten: static nested without @Nested
        assertThat(run.err())
                .contains("3 of 7 test classes did not run")
                .contains("sample.BandProperties")
                .contains("sample.FeesSpec")
                .contains("sample.OrderTest$Forgotten")
                .doesNotContain("sample.OrderTest$WhenPaid")
                .doesNotContain("Helper")
                .doesNotContain("AbstractCheck");
    }

    @Test
    void everyTestClassReportedPasses() throws Exception {
        reported(
                "sample.OrderTest",
                "sample.RefundTest",
                "sample.FeesSpec",
                "sample.BandProperties",
                "sample.OrderTest$Forgotten",
                "sample.PackagedIT");
        Run run = testsRan();
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("all 7 test classes ran");
    }

    @Test
    void testsSkippedOnPurposeAreNotChecked() throws Exception {
        Run run = testsRan("false", "false", "true");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).isEmpty();
    }
}
