package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GateCommandTest {
    private static final Path GENERATED = Path.of("../core/src/test/resources/reports/generated").toAbsolutePath();
    private static final Path SHARED = Path.of(System.getProperty("relgov.fixtures"));

    @TempDir
    Path evidence;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Relgov());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void failingGatePrintsEveryCheckAndExitsOne() throws Exception {
        Files.writeString(evidence.resolve("test-summary.json"), "{}");
        int code = run("gate", "--policy", "inopsio", "--version", "v1.4.0", "--previous", "v1.3.2",
                "--branch", "release/1.4", "--environment", "production", "--workspace", GENERATED.toString(),
                "--junit", "**/TEST-*.xml", "--coverage", "jacoco/jacoco.xml", "--sarif", "scan/*.sarif",
                "--evidence", evidence.toString(), "--now", "2026-11-20T10:00:00Z");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("tier minor (minor version changed 3 → 4)");
        String table = out.toString();
        assertThat(table).startsWith("STATUS");
        assertThat(table).containsPattern("FAIL +tests +7 tests: 1 failed, 1 errored, 1 skipped");
        assertThat(table).containsPattern("FAIL +coverage\\.line +84\\.62% +> 90% +line coverage 84\\.62%");
        assertThat(table).contains("pattern 'scan/*.sarif' matched no file under");
        assertThat(table).containsPattern("PASS +branch +release/1\\.4");
        assertThat(table).containsPattern("FAIL +evidence\\.security-scan");
        assertThat(table).contains("gate FAILED (policy inopsio, tier minor): tests, coverage.line, findings.critical,"
                + " evidence.security-scan");
    }

    @Test
    void passingGateExitsZeroAndPrintsJson() throws Exception {
        Files.writeString(evidence.resolve("test-summary.json"), "{}");
        Files.writeString(evidence.resolve("security-scan.sarif"), "{}");
        int code = run("gate", "--policy", "inopsio", "--tier", "minor", "--branch", "release/1.4",
                "--environment", "production", "--workspace", SHARED.toString(),
                "--junit", "junit/jest-junit.xml", "--junit", "junit/surefire-*.xml",
                "--coverage", "cobertura/cobertura-maven-java.xml", "--sarif", "sarif/trivy-medium-only.sarif",
                "--trivy", "trivy-json/trivy-image-mixed-unknown.json", "--evidence", evidence.toString(), "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("outcome").asText()).isEqualTo("PASSED");
        assertThat(json.get("policy").asText()).isEqualTo("inopsio");
        JsonNode line = json.get("checks").get(1);
        assertThat(line.get("id").asText()).isEqualTo("coverage.line");
        assertThat(line.get("measured").asText()).isEqualTo("100%");
        assertThat(line.get("rule").asText()).isEqualTo("gates.lineCoverage");
    }

    @Test
    void usageAndInputErrorsExitTwo() {
        assertThat(run("gate", "--policy", "no-such-policy")).isEqualTo(2);
        assertThat(err.toString()).contains("is neither a shipped policy (inopsio, dealsphere) nor a file");
        assertThat(run("gate", "--tier", "huge")).isEqualTo(2);
        assertThat(run("gate", "--interval", "5 minutes", "--timeout", "1h")).isEqualTo(2);
        assertThat(run("gate", "--no-such-option")).isEqualTo(2);
        assertThat(run("gate", "--version", "v1.3.0", "--previous", "v1.3.2")).isEqualTo(2);
        assertThat(err.toString()).contains("is not greater than the previous release");
        assertThat(run("gate", "--workspace", "/no/such/dir")).isEqualTo(2);
    }

    @Test
    void patternsCannotEscapeTheWorkspace() {
        int code = run("gate", "--tier", "minor", "--workspace", GENERATED.toString(), "--junit", "../../../../../../../etc/*");
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("must not contain '..'");
    }

    @Test
    void helpShowsTheReleaseVersionOption() {
        assertThat(run("gate", "--help")).isZero();
        assertThat(out.toString()).contains("--version=VERSION").contains("--previous=VERSION").contains("Example:");
    }
}
