package io.jenkins.plugins.relgov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFinderTest {
    @TempDir
    Path ws;

    private void touch(String relative) throws Exception {
        Path p = ws.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "<testsuite/>");
    }

    @Test
    void antStyleDoubleStarMatchesAnyDepthIncludingNone() throws Exception {
        touch("TEST-root.xml");
        touch("a/target/surefire-reports/TEST-a.xml");
        touch("b/target/surefire-reports/TEST-b.xml");
        touch("b/target/surefire-reports/other.xml");
        ReportFinder finder = new ReportFinder(ws);
        assertThat(finder.find("**/TEST-*.xml"))
                .extracting(finder::display)
                .containsExactly(
                        "TEST-root.xml",
                        "a/target/surefire-reports/TEST-a.xml",
                        "b/target/surefire-reports/TEST-b.xml");
        assertThat(finder.find("b/target/surefire-reports/*.xml")).hasSize(2);
        assertThat(finder.find("./a/target/surefire-reports/TEST-a.xml")).hasSize(1);
        assertThat(finder.find("missing/*.xml")).isEmpty();
    }

    @Test
    void patternsCannotLeaveTheWorkspace() {
        ReportFinder finder = new ReportFinder(ws);
        assertThatThrownBy(() -> finder.find("../*.xml")).hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> finder.find("a/../../etc/passwd")).hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> finder.find("/etc/passwd")).hasMessageContaining("not absolute");
    }

    @Test
    void symlinksOutOfTheWorkspaceAreNotFollowed(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.xml"), "<testsuite/>");
        Files.createDirectories(ws.resolve("reports"));
        Files.createSymbolicLink(ws.resolve("reports/TEST-link.xml"), outside.resolve("secret.xml"));
        Files.createSymbolicLink(ws.resolve("out"), outside);
        touch("reports/TEST-real.xml");
        Files.createSymbolicLink(ws.resolve("reports/TEST-inside-link.xml"), ws.resolve("reports/TEST-real.xml"));
        ReportFinder finder = new ReportFinder(ws);
        assertThat(finder.find("**/*.xml"))
                .extracting(finder::display)
                .containsExactly("reports/TEST-inside-link.xml", "reports/TEST-real.xml");
        assertThat(finder.find("out/*.xml")).isEmpty();
        assertThat(finder.find("out/secret.xml")).isEmpty();
    }
}
