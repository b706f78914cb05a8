package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GateCommandTest {
    private static final Path GENERATED =
            Path.of("../core/src/test/resources/reports/generated").toAbsolutePath();
    private static boolean told;

    @TempDir
    Path evidence;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * The shared real public reports (system property relgov.fixtures), beside the development checkout only:
     * where they are absent the calling test is skipped, and the run says so once.
     */
    private static Path shared() {
        Path dir = Path.of(System.getProperty("relgov.fixtures", ""))
                .toAbsolutePath()
                .normalize();
        String absent = "shared public report fixtures not found at " + dir;
        if (!Files.isDirectory(dir) && !told) {
            told = true;
            System.out.println("[relgov] " + absent + ": the gate tests that read them are skipped");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), absent);
        return dir;
    }

    private int run(String... args) {
        CommandLine cli = Relgov.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void failingGatePrintsEveryCheckAndExitsOne() throws Exception {
        Files.writeString(evidence.resolve("test-summary.json"), "{}");
        int code = run(
                "gate",
                "--policy",
                "inopsio",
                "--version",
                "v1.4.0",
                "--previous",
                "v1.3.2",
                "--branch",
                "release/1.4",
                "--environment",
                "production",
                "--workspace",
                GENERATED.toString(),
                "--junit",
                "**/TEST-*.xml",
                "--coverage",
                "jacoco/jacoco.xml",
                "--sarif",
                "scan/*.sarif",
                "--evidence",
                evidence.toString(),
                "--now",
                "2026-11-20T10:00:00Z");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("tier minor (minor version changed 3 → 4)");
        String table = out.toString();
        assertThat(table).startsWith("STATUS");
        assertThat(table).containsPattern("FAIL +tests +7 tests: 1 failed, 1 errored, 1 skipped");
        assertThat(table).containsPattern("FAIL +coverage\\.line +84\\.62% +> 90% +line coverage 84\\.62%");
        assertThat(table).contains("pattern 'scan/*.sarif' matched no file under");
        assertThat(table).containsPattern("PASS +branch +release/1\\.4");
        assertThat(table).containsPattern("FAIL +evidence\\.security-scan");
        assertThat(table)
                .contains("gate FAILED (policy inopsio, tier minor): tests, coverage.line, findings.critical,"
                        + " evidence.security-scan");
    }

    @Test
    void passingGateExitsZeroAndPrintsJson() throws Exception {
        Files.writeString(evidence.resolve("test-summary.json"), "{}");
        Files.writeString(evidence.resolve("security-scan.sarif"), "{}");
        int code = run(
                "gate",
                "--policy",
                "inopsio",
                "--tier",
                "minor",
                "--branch",
                "release/1.4",
                "--environment",
                "production",
                "--workspace",
                shared().toString(),
                "--junit",
                "junit/jest-junit.xml",
                "--junit",
                "junit/surefire-*.xml",
                "--coverage",
                "cobertura/cobertura-maven-java.xml",
                "--sarif",
                "sarif/trivy-medium-only.sarif",
                "--trivy",
                "trivy-json/trivy-image-mixed-unknown.json",
                "--evidence",
                evidence.toString(),
                "--json");
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
        int code = run(
                "gate",
                "--tier",
                "minor",
                "--environment",
                "production",
                "--branch",
                "release/1.4",
                "--evidence",
                evidence.toString(),
                "--workspace",
                GENERATED.toString(),
                "--junit",
                "../../../../../../../etc/*");
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("must not contain '..'");
    }

    @Test
    void helpShowsTheReleaseVersionOption() {
        assertThat(run("gate", "--help")).isZero();
        assertThat(out.toString())
                .contains("--version=VERSION")
                .contains("--previous=VERSION")
                .contains("Example:");
    }

    @Test
    void policyFileWithWaiverFreezeWindowsAndReevaluation() throws Exception {
        Files.writeString(evidence.resolve("test-summary.json"), "{}");
        Files.writeString(evidence.resolve("security-scan.sarif"), "{}");
        Path policy =
                Path.of(GateCommandTest.class.getResource("/acme-policy.yaml").toURI());
        String[] args = {
            "gate",
            "--policy",
            policy.toString(),
            "--version",
            "1.4.0",
            "--previous",
            "1.3.2",
            "--branch",
            "release/1.4",
            "--environment",
            "production",
            "--workspace",
            shared().toString(),
            "--junit",
            "junit/surefire-*.xml",
            "--coverage",
            "cobertura/cobertura-maven-java.xml",
            "--trivy",
            "trivy-json/trivy-image-critical-high.json",
            "--evidence",
            evidence.toString(),
            "--interval",
            "1s",
            "--timeout",
            "2s",
            "--json",
            "--now",
            "2026-11-20T10:00:00Z"
        };
        assertThat(run(args)).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        // 8 high findings where 5 are allowed never improves: evaluated at 0 s, 1 s and 2 s, then settled
        assertThat(json.get("attempts").asInt()).isEqualTo(3);
        assertThat(err.toString())
                .contains("relgov gate: gate UNSTABLE (policy acme, tier minor): findings.high;"
                        + " evaluating again in 1s");
        JsonNode result = json.get("result");
        assertThat(result.get("outcome").asText()).isEqualTo("UNSTABLE");
        JsonNode critical = result.get("checks").get(3);
        assertThat(critical.get("id").asText()).isEqualTo("findings.critical");
        assertThat(critical.get("status").asText()).isEqualTo("FAIL");
        assertThat(critical.get("blocking").asBoolean()).isFalse();
        assertThat(critical.get("waiver").get("reference").asText()).isEqualTo("RISK-2026-042");
        assertThat(result.get("checks").get(5).get("status").asText()).isEqualTo("PASS"); // freeze
        // inside the year-end freeze (Paris), the same release fails on the freeze check too
        out.getBuffer().setLength(0);
        args[args.length - 1] = "2026-12-24T10:00:00Z";
        args[args.length - 6] = "0s";
        args[args.length - 4] = "0s";
        assertThat(run(args)).isEqualTo(1);
        JsonNode frozen = new ObjectMapper().readTree(out.toString());
        assertThat(frozen.get("checks").get(5).get("reason").asText())
                .startsWith("2026-12-24T10:00:00Z (2026-12-24T11:00 Europe/Paris) falls in freeze window 'year-end'");
    }
}
