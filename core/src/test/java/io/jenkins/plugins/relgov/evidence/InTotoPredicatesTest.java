package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.report.JUnitParser;
import io.jenkins.plugins.relgov.report.TestResults;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VulnsPredicate;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-toto test-result and vulns predicates, made from the reports the gate read (real ones this project made). */
class InTotoPredicatesTest {
    @TempDir
    Path dir;

    @Test
    void testResultsNameTheReportsByDigestAndTheirOutcome() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        var ev = TestBundles.minorRelease(dir.resolve("work"), key, true);
        TestResults passed = JUnitParser.parse(
                StandardEvidence.resource("/reports/generated/surefire/TEST-sample.BandTest.xml"), "t.xml");
        JsonNode st = ev.attestTestResults(
                        passed, List.of("junit/TEST-shop.xml"), "https://ci.example/42/", key, "jenkins")
                .payloadJson();
        assertThat(st.get("predicateType").asText()).isEqualTo("https://in-toto.io/attestation/test-result/v0.1");
        JsonNode p = st.get("predicate");
        assertThat(p.get("result").asText()).isEqualTo("PASSED");
        assertThat(p.at("/configuration/0/name").asText()).isEqualTo("evidence/junit/TEST-shop.xml");
        assertThat(p.at("/configuration/0/digest/sha256").asText())
                .isEqualTo(Sha256.of(dir.resolve("work/TEST-shop.xml")).hex());
        assertThat(p.get("url").asText()).isEqualTo("https://ci.example/42/");
        assertThat(p.get("failedTests")).isEmpty();

        // every failed test is named while all are known; past what the parser keeps, none is (a partial list would
        // mislead)
        var few = new TestResults(5, 1, 1, 0, List.of("a.T.one", "a.T.two"));
        assertThat(ev.attestTestResults(few, List.of(), null, key, "jenkins")
                        .payloadJson()
                        .at("/predicate/failedTests"))
                .extracting(JsonNode::asText)
                .containsExactly("a.T.one", "a.T.two");
        var many = new TestResults(50, 20, 0, 0, List.of("a.T.1", "a.T.2"));
        JsonNode manyP = ev.attestTestResults(many, List.of(), null, key, "jenkins")
                .payloadJson()
                .get("predicate");
        assertThat(manyP.get("result").asText()).isEqualTo("FAILED");
        assertThat(manyP.has("failedTests")).isFalse();
        // each gets its own file, and the ledger records all three
        assertThat(new LedgerView(ev.ledger().events()).attestations())
                .extracting(LedgerView.Attestation::path)
                .contains(
                        "attestations/shop-v2.4.0.test-result.intoto.json",
                        "attestations/shop-v2.4.0.test-result-2.intoto.json",
                        "attestations/shop-v2.4.0.test-result-3.intoto.json");
        assertThatThrownBy(() -> ev.attestTestResults(passed, List.of("junit/missing.xml"), null, key, "jenkins"))
                .hasMessage("'junit/missing.xml' is not a recorded evidence file: record it with recordFile first");
    }

    @Test
    void vulnsListEveryFindingTheGateCounted() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        var ev = TestBundles.minorRelease(dir.resolve("work"), key, true);
        VulnsPredicate scan = StandardEvidence.eslintScan();
        JsonNode st = ev.attestVulnerabilities(scan, key, "jenkins").payloadJson();
        assertThat(st.get("predicateType").asText()).isEqualTo("https://in-toto.io/attestation/vulns/v0.1");
        JsonNode result = st.at("/predicate/scanner/result");
        var counted = io.jenkins.plugins.relgov.report.SarifParser.parse(
                StandardEvidence.resource("/reports/generated/sarif/eslint.sarif"), "eslint.sarif");
        assertThat((long) result.size()).isEqualTo(counted.total()).isPositive();
        assertThat(st.at("/predicate/scanner/uri").asText()).isEqualTo("pkg:npm/eslint@9.39.5");
        JsonNode first = result.get(0);
        assertThat(first.get("id").asText()).isNotEmpty();
        assertThat(first.at("/severity/0/method").asText()).isEqualTo("sarif");
        assertThat(first.at("/severity/0/score").asText()).isIn("critical", "high", "medium", "low", "unknown", "none");
        assertThat(first.at("/annotations/0/location").asText()).endsWith(".js");
        assertThat(st.at("/predicate/metadata").isMissingNode())
                .isTrue(); // the report does not say when it ran: not invented
        assertThatThrownBy(() -> new VulnsPredicate(" ", null, List.of(), "sarif", null, null))
                .hasMessageContaining("scanner.uri");
    }
}
