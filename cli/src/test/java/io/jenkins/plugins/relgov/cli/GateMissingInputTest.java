package io.jenkins.plugins.relgov.cli;

import static io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.relgov;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review: {@code relgov gate} passed (exit 0) when it could not know the tier or the environment, because the
 * tier's required evidence and the branch rule became n/a. A rule the policy defines that the gate cannot
 * evaluate is now exit 2, naming the missing option, and nothing is evaluated.
 */
class GateMissingInputTest {
    private static final Path GENERATED =
            Path.of("../core/src/test/resources/reports/generated").toAbsolutePath();

    @TempDir
    Path evidence;

    /** A policy whose only rules are the tier's evidence and the branch rule: nothing else can fail. */
    private Path policy() throws Exception {
        return Files.writeString(evidence.resolveSibling(evidence.getFileName() + "-policy.yaml"), """
                name: lean
                roles: {qa: {users: [quinn]}}
                tiers:
                  minor: {approvals: [{role: qa}], requiredEvidence: [test-summary]}
                environments:
                  production: {approval: manual, branches: ["release/*"]}
                  sandbox: {approval: automatic}
                """);
    }

    private AnalyzeCommandTest.Run gate(String... more) throws Exception {
        String[] base = {"gate", "--policy", policy().toString(), "--workspace", GENERATED.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return relgov(args);
    }

    @Test
    void withoutTierOrEnvironmentTheGateIsNotEvaluated() throws Exception {
        AnalyzeCommandTest.Run r = gate("--evidence", evidence.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains(
                        "relgov gate: --tier (or --version with --previous) is needed: the release's tier"
                                + " decides which evidence it needs, and tier(s) minor require some (tiers.minor.requiredEvidence)")
                .contains("relgov gate: --environment is needed: environment(s) production accept only some branches"
                        + " (environments.production.branches)")
                .contains("the gate was not evaluated");
    }

    @Test
    void aRestrictedEnvironmentNeedsTheBranch() throws Exception {
        AnalyzeCommandTest.Run r =
                gate("--tier", "minor", "--environment", "production", "--evidence", evidence.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("relgov gate: --branch is needed: production accepts only release/*"
                        + " (environments.production.branches)");
    }

    @Test
    void requiredEvidenceNeedsAnEvidenceFolder() throws Exception {
        AnalyzeCommandTest.Run r = gate("--tier", "minor", "--environment", "sandbox");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("relgov gate: --evidence DIR is needed: the release must have recorded test-summary"
                        + " (tiers.minor.requiredEvidence)");
        Path file = Files.writeString(evidence.resolve("not-a-folder"), "x");
        AnalyzeCommandTest.Run onFile =
                gate("--tier", "minor", "--environment", "sandbox", "--evidence", file.toString());
        assertThat(onFile.exit()).isEqualTo(2);
        assertThat(onFile.err()).contains("--evidence " + file + " is a file");
    }

    @Test
    void aTierOrEnvironmentThePolicyLacksIsNamed() throws Exception {
        AnalyzeCommandTest.Run r = gate("--tier", "major", "--environment", "prod", "--evidence", evidence.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("relgov gate: --tier: policy lean has no major tier (it has: minor) (tiers)")
                .contains("relgov gate: --environment: 'prod' is not an environment of policy lean (it has: production,"
                        + " sandbox) (environments)");
    }

    @Test
    void givenEverythingTheRulesAreDecided() throws Exception {
        Files.writeString(evidence.resolve("test-summary.json"), "{}");
        AnalyzeCommandTest.Run r = gate(
                "--tier",
                "minor",
                "--environment",
                "production",
                "--branch",
                "release/2.0",
                "--evidence",
                evidence.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("PASS +branch +release/2\\.0")
                .containsPattern("PASS +evidence\\.test-summary");
        // an environment that accepts any branch needs no --branch
        assertThat(gate("--tier", "minor", "--environment", "sandbox", "--evidence", evidence.toString())
                        .exit())
                .isZero();
        AnalyzeCommandTest.Run wrongBranch = gate(
                "--tier",
                "minor",
                "--environment",
                "production",
                "--branch",
                "main",
                "--evidence",
                evidence.toString());
        assertThat(wrongBranch.exit()).isEqualTo(1);
    }
}
