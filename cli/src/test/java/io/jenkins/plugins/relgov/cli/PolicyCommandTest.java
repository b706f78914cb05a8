package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validateAcceptsAValidFile() throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(
                file, "name: ok\nroles: {ciso: {groups: [ciso]}}\ntiers: {major: {approvals: [{role: ciso}]}}\n");
        assertThat(Relgov.run("policy", "validate", file.toString())).isZero();
        assertThat(out()).startsWith(file + ": valid policy 'ok' (sha256:");
    }

    @Test
    void validatePrintsEveryProblemAndExitsOne() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                name: bad
                roles: {ciso: {groups: [ciso]}}
                tiers:
                  major: {approvals: [{role: cisoo, count: 0}]}
                postDeploy: {monitoringWindow: 2 days}
                gates: {freezeWindows: [{name: x, zone: Europe/Pariss, start: 2026-12-20T00:00, end: 2026-12-01T00:00}]}
                """);
        assertThat(Relgov.run("policy", "validate", file.toString())).isEqualTo(1);
        assertThat(err())
                .contains(
                        file
                                + ":4:30: tiers.major.approvals[0].role: unknown role 'cisoo' (did you mean 'ciso'?) (known: ciso)",
                        file + ":4:44: tiers.major.approvals[0].count: must be at least 1, found 0",
                        file + ":5:32: postDeploy.monitoringWindow: malformed duration '2 days'",
                        file + ":6:41: gates.freezeWindows[0].zone: unknown time zone 'Europe/Pariss'",
                        file
                                + ":6:86: gates.freezeWindows[0].end: freeze window 'x' ends (2026-12-01T00:00) before it starts",
                        "5 problems in " + file);
    }

    @Test
    void validateExitsTwoOnUnusableInput() throws Exception {
        assertThat(Relgov.run("policy", "validate", dir.resolve("missing.yaml").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("missing.yaml: no such policy file");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"name\": ");
        assertThat(Relgov.run("policy", "validate", broken.toString())).isEqualTo(2);
        assertThat(err()).contains(broken + ":1:").contains("not valid JSON");
    }

    @Test
    void showPrintsTiersRolesGatesAndThresholds() {
        assertThat(Relgov.run("policy", "show", "inopsio")).isZero();
        assertThat(out())
                .contains(
                        "Policy inopsio: Inopsio Release Policies and Governance",
                        "  digest  sha256:",
                        "    approvals        1 × executive-board and 1 × ciso",
                        "    approvals        1 × qa-lead then 1 × product-manager",
                        "    approvals        1 × devops-lead",
                        "    branches         hotfix/*",
                        "    post-hoc review  ciso + devops-lead within 72h",
                        "  line coverage      > 90%",
                        "  critical findings  at most 0",
                        "  monitoring window  48h",
                        "  healthy when       error-rate < 2%",
                        "  healthy when       latency < 500ms",
                        "  roll back when     error-rate > 5%",
                        "  roll back when     latency > 10s",
                        "  roll back when     tenant-impact > 10%",
                        "  react within       30m",
                        "  records retained                7 years");
    }

    @Test
    void showReadsFilesAndRefusesUnknownNames() throws Exception {
        assertThat(Relgov.run("policy", "show", "dealsphere")).isZero();
        assertThat(out())
                .contains("10. Retrospective, Remediation, & Continuous Improvement", "monitoring window  72h");
        Path file = dir.resolve("p.json");
        Files.writeString(file, "{\"name\":\"p\",\"roles\":{\"ciso\":{\"users\":[\"ann\"]}},\"tiers\":{\"patch\":{}}}");
        assertThat(Relgov.run("policy", "show", file.toString())).isZero();
        assertThat(out()).contains("Policy p", "ciso                   [users ann]");
        assertThat(Relgov.run("policy", "show", "nonesuch")).isEqualTo(2);
        assertThat(err()).contains("'nonesuch' is neither a shipped policy (inopsio, dealsphere) nor a policy file");
    }

    @Test
    void validateRefusesATierNoDistinctPeopleCanApprove() throws Exception {
        Path file = dir.resolve("one-person.yaml");
        Files.writeString(file, """
                name: acme
                roles: {cto: {users: [alice]}, ciso: {users: [alice]}}
                tiers: {major: {approvals: [{role: cto}, {role: ciso}]}}
                """);
        assertThat(Relgov.run("policy", "validate", file.toString())).isEqualTo(1);
        assertThat(err())
                .contains(file + ":3:28: tiers.major.approvals: can never be approved: roles cto, ciso need 2"
                        + " distinct people in all (one person fills one role), but only 1 listed person can: alice");
    }

    @Test
    void validateSaysWhatOnlyGroupsOrTheReleaseItselfDecide() throws Exception {
        Path file = dir.resolve("notes.yaml");
        Files.writeString(file, """
                name: acme
                roles: {cto: {users: [alice, bob]}, ciso: {groups: [security]}}
                tiers:
                  major: {approvals: [{role: cto, count: 2}]}
                  minor: {approvals: [{role: ciso}]}
                """);
        assertThat(Relgov.run("policy", "validate", file.toString())).isZero();
        assertThat(out())
                .contains(
                        file + ": note: tiers.major.approvals: needs every one of alice, bob; if one of them"
                                + " starts the build or authored a commit in the release, it cannot be completed (segregation of duties)")
                .contains(file
                        + ": note: tiers.minor.approvals: its roles list no users, so whether enough distinct people"
                        + " can depends on who is in group(s) security, which only Jenkins knows");
    }

    @Test
    void validateNamesADirectoryAsOne() {
        assertThat(Relgov.run("policy", "validate", dir.toString())).isEqualTo(2);
        assertThat(err().strip()).isEqualTo(dir + ": a directory, not a policy file");
    }
}
