package io.jenkins.plugins.relgov.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.SharedFixtures;
import io.jenkins.plugins.relgov.policy.FreezeWindow;
import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Threshold;
import io.jenkins.plugins.relgov.policy.TierKind;
import io.jenkins.plugins.relgov.policy.Waiver;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateEngineTest {
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z"); // a Friday

    @TempDir
    Path evidence;

    private static Path generated() {
        try {
            return Path.of(
                    GateEngineTest.class.getResource("/reports/generated").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path shared() {
        return SharedFixtures.dir();
    }

    private GateResult evaluate(Policy policy, String branch, Reports reports) {
        return GateEngine.evaluate(new GateContext(
                policy, TierKind.MINOR, "production", branch, NOW, new FileEvidenceIndex(evidence), reports));
    }

    private void record(String... files) throws Exception {
        for (String f : files) {
            Files.writeString(evidence.resolve(f), "{}");
        }
    }

    @Test
    void realFailingReportsFailWithEveryCheckNamedAndReasoned() throws Exception {
        record("test-summary.json", "security-scan.sarif");
        Reports reports = new ReportCollector(generated())
                .collect(List.of("surefire/TEST-*.xml"), List.of("jacoco/jacoco.xml"), List.of(), List.of());
        Reports findings =
                new ReportCollector(shared()).collect(List.of(), List.of(), List.of("sarif/codeql-*.sarif"), List.of());
        GateResult r = evaluate(
                TestPolicies.policy(TestPolicies.inopsioGates()),
                "release/1.4",
                new Reports(reports.tests(), reports.coverage(), findings.findings()));

        assertThat(r.passed()).isFalse();
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAILED);
        assertThat(r.blocking())
                .extracting(CheckResult::id)
                .containsExactly("tests", "coverage.line", "findings.critical");
        CheckResult tests = r.check("tests");
        assertThat(tests.measured()).isEqualTo("7 tests: 1 failed, 1 errored, 1 skipped");
        assertThat(tests.reason())
                .isEqualTo("2 of 7 tests did not pass (1 failed, 1 errored): "
                        + "sample.FeesTest.errorsWithAnException, sample.FeesTest.internationalFeeDeliberatelyWrong"
                        + " (policy inopsio, tier minor)");
        CheckResult line = r.check("coverage.line");
        assertThat(line.measured()).isEqualTo("84.62%");
        assertThat(line.threshold()).isEqualTo("> 90%");
        assertThat(line.rule()).isEqualTo("gates.lineCoverage");
        assertThat(line.reason())
                .isEqualTo("line coverage 84.62% (11 of 13 lines) does not meet the required > 90%"
                        + " (policy inopsio, tier minor)");
        assertThat(r.check("findings.critical").reason()).startsWith("3 critical findings where the policy allows 0: ");
        assertThat(r.check("coverage.branch").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(r.check("findings.high").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(r.check("freeze").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(r.check("branch").status()).isEqualTo(CheckStatus.PASS);
        assertThat(r.check("evidence.test-summary").reason())
                .startsWith("test-summary is recorded (test-summary.json)");
        assertThat(r.check("evidence.security-scan").rule()).isEqualTo("tiers.minor.requiredEvidence");
        assertThat(r.summary())
                .isEqualTo("gate FAILED (policy inopsio, tier minor): tests, coverage.line, findings.critical");
    }

    @Test
    void passingReportsPass() throws Exception {
        record("test-summary.json", "security-scan.json");
        Path ws = shared();
        Reports reports = new ReportCollector(ws)
                .collect(
                        List.of("junit/surefire-*.xml", "junit/jest-junit.xml"),
                        List.of("cobertura/cobertura-maven-java.xml"),
                        List.of("sarif/trivy-medium-only.sarif"),
                        List.of());
        GateResult r = evaluate(TestPolicies.policy(TestPolicies.inopsioGates()), "release/1.4", reports);
        assertThat(r.blocking()).isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(r.check("tests").reason()).isEqualTo("all 12 run tests passed (policy inopsio, tier minor)");
        assertThat(r.check("coverage.line").reason()).startsWith("line coverage 100% (26 of 26 lines) meets > 90%");
        assertThat(r.check("findings.critical").measured()).isEqualTo("0 critical");
        assertThat(r.summary()).isEqualTo("gate PASSED (policy inopsio, tier minor): 6 checks passed");
    }

    @Test
    void aPatternThatMatchesNothingIsAnErrorNamingIt() throws Exception {
        record("test-summary.json", "security-scan.json");
        Reports reports = new ReportCollector(generated())
                .collect(List.of("**/TEST-*.xml"), List.of("target/site/jacoco/jacoco.xml"), List.of(), List.of());
        GateResult r = evaluate(TestPolicies.policy(TestPolicies.inopsioGates()), "release/1.4", reports);
        CheckResult line = r.check("coverage.line");
        assertThat(line.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(line.reason()).startsWith("pattern 'target/site/jacoco/jacoco.xml' matched no file under ");
        assertThat(r.check("findings.critical").reason())
                .startsWith("no SARIF or Trivy report given, and the policy allows at most 0 critical findings");
        assertThat(r.check("tests").status()).isEqualTo(CheckStatus.FAIL); // found both generated files
    }

    @Test
    void oneMalformedFileAmongGoodOnesIsAnErrorNamingTheFileAndLine(@TempDir Path ws) throws Exception {
        Files.createDirectories(ws.resolve("a"));
        Files.copy(shared().resolve("junit/jest-junit.xml"), ws.resolve("a/TEST-good.xml"));
        Files.writeString(ws.resolve("a/TEST-bad.xml"), "<testsuite>\n<testcase name='x'>\n");
        Reported<?> tests = new ReportCollector(ws).junit(List.of("a/*.xml"));
        assertThat(tests.files()).containsExactly("a/TEST-bad.xml", "a/TEST-good.xml");
        assertThat(tests.problems()).singleElement().asString().startsWith("a/TEST-bad.xml line 3: malformed XML");
        GateResult r = evaluate(
                TestPolicies.policy(TestPolicies.inopsioGates()),
                "release/1",
                new Reports(new ReportCollector(ws).junit(List.of("a/*.xml")), null, null));
        assertThat(r.check("tests").status()).isEqualTo(CheckStatus.ERROR);
        assertThat(r.check("tests").reason()).contains("a/TEST-bad.xml line 3");
    }

    @Test
    void anActiveWaiverAcceptsTheFailureAndIsPartOfTheResult() throws Exception {
        record("test-summary.json", "security-scan.json");
        Waiver w = new Waiver(
                "findings.critical",
                "Jane Doe (CISO)",
                "libexpat CVEs not reachable; patch in 1.4.1",
                NOW.plusSeconds(86_400),
                "RISK-42");
        Policy p = TestPolicies.policy(TestPolicies.with(TestPolicies.inopsioGates(), List.of(), List.of(w)));
        Reports reports = new ReportCollector(shared())
                .collect(
                        List.of("junit/jest-junit.xml"),
                        List.of("cobertura/cobertura-maven-java.xml"),
                        List.of(),
                        List.of("trivy-json/trivy-image-critical-high.json"));
        GateResult r = evaluate(p, "release/1.4", reports);
        CheckResult c = r.check("findings.critical");
        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.waiver()).isEqualTo(w);
        assertThat(c.blocking()).isFalse();
        assertThat(c.reason())
                .contains(
                        "waived by Jane Doe (CISO) until 2026-11-21T10:00:00Z: libexpat CVEs not reachable; patch in 1.4.1 [RISK-42]");
        assertThat(r.passed()).isTrue();
        assertThat(r.waived()).containsExactly(c);
        assertThat(r.summary()).endsWith("5 checks passed, 1 waived");
    }

    @Test
    void anExpiredWaiverDoesNotApplyAndSaysSo() throws Exception {
        record("test-summary.json", "security-scan.json");
        Waiver w = new Waiver("findings.critical", "Jane Doe", "old", NOW.minusSeconds(1), null);
        Policy p = TestPolicies.policy(TestPolicies.with(TestPolicies.inopsioGates(), List.of(), List.of(w)));
        Reports reports = new ReportCollector(shared())
                .collect(
                        List.of("junit/jest-junit.xml"),
                        List.of("cobertura/cobertura-maven-java.xml"),
                        List.of(),
                        List.of("trivy-json/trivy-image-critical-high.json"));
        CheckResult c = evaluate(p, "release/1.4", reports).check("findings.critical");
        assertThat(c.blocking()).isTrue();
        assertThat(c.reason()).endsWith("; the waiver by Jane Doe expired at 2026-11-20T09:59:59Z");
    }

    @Test
    void freezeWindowsBranchesAndEvidence() {
        FreezeWindow friday = new FreezeWindow.Weekly(
                "friday-afternoon",
                ZoneId.of("Africa/Casablanca"),
                Set.of(DayOfWeek.FRIDAY),
                LocalTime.of(10, 0),
                LocalTime.of(23, 59));
        FreezeWindow christmas = new FreezeWindow.Dates(
                "christmas",
                ZoneId.of("UTC"),
                LocalDateTime.parse("2026-12-24T00:00"),
                LocalDateTime.parse("2026-12-27T00:00"));
        Gates gates = new Gates(
                false,
                null,
                null,
                null,
                null,
                List.of(christmas, friday),
                List.of("risk-assessment"),
                Gates.OnFailure.UNSTABLE,
                null,
                List.of());
        Policy p = TestPolicies.policy(gates);
        GateResult r = evaluate(p, "feature/x", Reports.NONE);
        // 10:00Z is 11:00 in Casablanca (UTC+1): inside the Friday window
        assertThat(r.check("freeze").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.check("freeze").rule()).isEqualTo("gates.freezeWindows.friday-afternoon");
        assertThat(r.check("freeze").reason()).contains("falls in freeze window 'friday-afternoon'");
        assertThat(r.check("branch").reason())
                .startsWith("branch feature/x may not deploy to production (allowed: release/*, hotfix/*)");
        assertThat(r.check("evidence.risk-assessment").rule()).isEqualTo("gates.requiredEvidence");
        assertThat(r.check("evidence.test-summary").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.check("tests").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.UNSTABLE);

        GateResult monday = GateEngine.evaluate(new GateContext(
                p,
                null,
                "production",
                "refs/heads/hotfix/CVE-1",
                Instant.parse("2026-11-23T10:00:00Z"),
                null,
                Reports.NONE));
        assertThat(monday.check("freeze").status()).isEqualTo(CheckStatus.PASS);
        assertThat(monday.check("branch").status()).isEqualTo(CheckStatus.PASS);
        assertThat(monday.check("evidence.risk-assessment").status()).isEqualTo(CheckStatus.ERROR);
        assertThat(monday.tier()).isNull();

        GateResult unknownEnv =
                GateEngine.evaluate(new GateContext(p, TierKind.MINOR, "prod", "main", NOW, null, Reports.NONE));
        assertThat(unknownEnv.check("branch").reason())
                .startsWith("environment 'prod' is not in policy inopsio (it has: staging, production, sandbox)");
        GateResult nested = GateEngine.evaluate(
                new GateContext(p, TierKind.MINOR, "production", "release/1.4/x", NOW, null, Reports.NONE));
        assertThat(nested.check("branch").status()).isEqualTo(CheckStatus.FAIL);
        GateResult noBranch =
                GateEngine.evaluate(new GateContext(p, TierKind.MINOR, "production", null, NOW, null, Reports.NONE));
        assertThat(noBranch.check("branch").status()).isEqualTo(CheckStatus.ERROR);
        GateResult anyBranch =
                GateEngine.evaluate(new GateContext(p, TierKind.MINOR, "sandbox", "x", NOW, null, Reports.NONE));
        assertThat(anyBranch.check("branch").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }

    @Test
    void branchCoverageNotMeasuredIsAnErrorNotZero() {
        Gates gates = new Gates(false, null, Threshold.parse(">= 50%"), null, null, null, null, null, null, null);
        Reports reports = new ReportCollector(shared())
                .collect(List.of(), List.of("cobertura/coveragepy-python.xml"), List.of(), List.of());
        CheckResult c =
                evaluate(TestPolicies.policy(gates), "release/1", reports).check("coverage.branch");
        assertThat(c.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(c.reason()).startsWith("the coverage report (cobertura/coveragepy-python.xml) measured no branches");
    }

    @Test
    void highFindingsFromCheckovLevels() {
        Gates gates = new Gates(false, null, null, 0, 5, null, null, null, null, null);
        Reports reports = new ReportCollector(shared())
                .collect(List.of(), List.of(), List.of("sarif/checkov-*.sarif"), List.of());
        GateResult r = evaluate(TestPolicies.policy(gates), "release/1", reports);
        assertThat(r.check("findings.critical").status()).isEqualTo(CheckStatus.PASS);
        assertThat(r.check("findings.high").measured()).isEqualTo("16 high");
        assertThat(r.check("findings.high").status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void zeroTestsIsNotAPass(@TempDir Path ws) throws Exception {
        Files.writeString(ws.resolve("TEST-empty.xml"), "<testsuite name='x' tests='0'/>");
        GateResult r = evaluate(
                TestPolicies.policy(TestPolicies.inopsioGates()),
                "release/1",
                new ReportCollector(ws).collect(List.of("*.xml"), List.of(), List.of(), List.of()));
        assertThat(r.check("tests").status()).isEqualTo(CheckStatus.ERROR);
        assertThat(r.check("tests").reason()).startsWith("the JUnit reports (TEST-empty.xml) hold no test case");
    }

    @Test
    void theShippedInopsioPolicyGatesAnEmergencyHotfix() throws Exception {
        record("test-summary.json");
        Policy inopsio = io.jenkins.plugins.relgov.policy.ShippedPolicies.load("inopsio");
        TierKind tier = new io.jenkins.plugins.relgov.release.TierClassifier(inopsio)
                .classify("v1.3.3", "v1.3.2", "hotfix/CVE-2024-45491")
                .tier();
        Reports reports = new ReportCollector(shared())
                .collect(
                        List.of("junit/*.xml"),
                        List.of("jacoco/jacoco-multi-package.xml"),
                        List.of(),
                        List.of("trivy-json/*.json"));
        GateResult r = GateEngine.evaluate(new GateContext(
                inopsio, tier, "production", "hotfix/CVE-2024-45491", NOW, new FileEvidenceIndex(evidence), reports));
        assertThat(r.tier()).isEqualTo("emergency");
        assertThat(r.check("tests").measured()).isEqualTo("15 tests: 1 failed, 0 errored, 0 skipped");
        assertThat(r.check("coverage.line").reason())
                .isEqualTo(
                        "line coverage 35.36% (128 of 362 lines) does not meet the required > 90% (policy inopsio, tier emergency)");
        assertThat(r.check("findings.critical").measured()).isEqualTo("2 critical");
        assertThat(r.check("branch").status()).isEqualTo(CheckStatus.PASS);
        assertThat(r.checks())
                .extracting(CheckResult::id)
                .containsExactly(
                        "tests",
                        "coverage.line",
                        "coverage.branch",
                        "findings.critical",
                        "findings.high",
                        "freeze",
                        "branch",
                        "evidence.test-summary");
        assertThat(r.blocking())
                .extracting(CheckResult::id)
                .containsExactly("tests", "coverage.line", "findings.critical");
    }

    @Test
    void roundingNeverMakesAFailureLookLikeAPass(@TempDir Path ws) throws Exception {
        // 22499 of 25000 lines = 89.996%: shown with four decimals, since "90%" would read as meeting ">= 90%"
        Files.writeString(
                ws.resolve("jacoco.xml"),
                "<report name='r'><counter type='LINE' missed='2501' covered='22499'/></report>");
        Gates gates = new Gates(false, Threshold.parse(">= 90%"), null, null, null, null, null, null, null, null);
        CheckResult c = evaluate(
                        TestPolicies.policy(gates),
                        "release/1",
                        new ReportCollector(ws).collect(List.of(), List.of("jacoco.xml"), List.of(), List.of()))
                .check("coverage.line");
        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.measured()).isEqualTo("89.996%");
    }

    @Test
    void everyIdTheEngineProducesIsAKnownCheckId() throws Exception {
        record("test-summary.json");
        GateResult r = evaluate(TestPolicies.policy(TestPolicies.inopsioGates()), "release/1", Reports.NONE);
        assertThat(r.checks()).extracting(CheckResult::id).allMatch(GateEngine::isCheckId);
        assertThat(GateEngine.isCheckId("findings.criticals")).isFalse();
        assertThat(GateEngine.isCheckId("evidence.../x")).isFalse();
    }
}
