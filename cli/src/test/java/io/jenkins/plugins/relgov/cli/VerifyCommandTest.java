package io.jenkins.plugins.relgov.cli;

import static io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.relgov;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.Run;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code relgov verify} as auditors and their scripts use it (issues 11 and 12): no success without a
 * trusted key, a JSON report scripts can parse, hostile bundles refused in one line, and the story.
 */
class VerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    SigningKey key;
    Path pub;
    Path bundle;

    /** A minor release that meets inopsio, deployed, then rolled back by autoRollback. */
    private Path release(SigningKey signer, String name, boolean forged) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name + "-work"));
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                ShippedPolicies.loaded("inopsio"),
                "jenkins",
                CLOCK);
        ev.recordFile(
                Files.writeString(work.resolve("t.xml"), "<testsuite tests=\"1\"/>"),
                "t.xml",
                "test-summary",
                "jenkins");
        ev.recordFile(
                Files.writeString(work.resolve("s.sarif"), "{\"runs\":[]}"), "s.sarif", "security-scan", "jenkins");
        ev.recordApproval("qa-lead", forged ? "mallory" : "alice", true, null);
        ev.recordApproval("product-manager", "bob", true, null);
        ev.signArtifact(Files.writeString(work.resolve("app.jar"), "jar"), signer, true, "jenkins");
        ev.record(
                EventType.DEPLOYMENT,
                "jenkins",
                JSON.createObjectNode().put("environment", "production").put("version", "v2.4.0"));
        ev.record(
                EventType.ROLLBACK,
                "jenkins",
                JSON.createObjectNode()
                        .put("trigger", "error-rate 7.1% > 5%")
                        .put("version", "v2.4.0")
                        .put("rollbackTo", "v2.3.1")
                        .put("environment", "production"));
        Path out = Files.createDirectories(dir.resolve(name));
        return ev.seal(signer, "jenkins").writeTo(out);
    }

    @BeforeEach
    void sealed() throws Exception {
        key = SigningKey.generate(KeyAlgorithm.ECDSA_P256);
        pub = Files.writeString(
                dir.resolve("release-key.pub.pem"), key.publicKey().toPem());
        bundle = release(key, "genuine", false);
    }

    @Test
    void withoutATrustedKeyAForgedBundleIsNotASuccess() throws Exception {
        SigningKey attacker = SigningKey.generate(KeyAlgorithm.ECDSA_P256);
        Path forged = release(attacker, "forged", true);

        Run noKey = relgov("verify", forged.toString());
        assertThat(noKey.exit()).isEqualTo(VerifyCommand.SIGNER_NOT_ESTABLISHED).isEqualTo(3);
        assertThat(noKey.out().lines().findFirst().orElseThrow())
                .isEqualTo("INTACT, SIGNER NOT ESTABLISHED: the bundle is consistent"
                        + " with the key it carries (" + attacker.publicKey().fingerprint()
                        + "), but no trusted key was given (--key),"
                        + " so nothing shows who sealed it");
        assertThat(noKey.out().lines()).noneMatch(l -> l.startsWith("VALID"));
        assertThat(noKey.out()).endsWith("so nothing shows who sealed it\n");

        Run trusted = relgov("verify", forged.toString(), "--key", pub.toString());
        assertThat(trusted.exit()).isEqualTo(1);
        assertThat(trusted.out())
                .contains("INVALID  seal.json.sig: signature does not verify with key "
                        + key.publicKey().fingerprint());

        JsonNode json =
                JSON.readTree(relgov("verify", forged.toString(), "--json").out());
        assertThat(json.path("result").asText()).isEqualTo("SIGNER_NOT_ESTABLISHED");
        assertThat(json.path("key").path("trusted").asBoolean()).isFalse();
        assertThat(json.path("key").path("fingerprint").asText())
                .isEqualTo(attacker.publicKey().fingerprint());

        assertThat(relgov("verify", bundle.toString(), "--key", pub.toString()).exit())
                .isZero();
    }

    @Test
    void jsonListsEveryCheckWithItsStatusWhereAndMessage() throws Exception {
        Run valid = relgov("verify", bundle.toString(), "--key", pub.toString(), "--policy", "inopsio", "--json");
        assertThat(valid.exit()).as(valid.err()).isZero();
        JsonNode v = JSON.readTree(valid.out());
        assertThat(v.path("format").asText()).isEqualTo("relgov-verification/v1");
        assertThat(v.path("bundle").asText()).isEqualTo("shop-v2.4.0-evidence.zip");
        assertThat(v.path("result").asText()).isEqualTo("VALID");
        assertThat(v.path("problemCount").asInt()).isZero();
        assertThat(v.path("checks").findValuesAsText("id"))
                .containsExactly(
                        "zip",
                        "seal",
                        "manifest",
                        "ledger",
                        "evidence",
                        "signatures",
                        "image-signatures",
                        "attestations",
                        "sigstore",
                        "timestamp",
                        "decision",
                        "summary",
                        "policy");
        assertThat(v.path("checks").findValuesAsText("status")).containsOnly("PASSED");
        JsonNode ledger = v.path("checks").get(3);
        assertThat(ledger.path("message").asText()).startsWith("8 events, hash chain intact, head ");
        assertThat(ledger.path("problems").isArray()).isTrue();
        JsonNode story = v.path("release");
        assertThat(story.path("release").asText()).isEqualTo("shop v2.4.0");
        assertThat(story.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(story.path("rollbacks").get(0).path("reason").asText()).isEqualTo("error-rate 7.1% > 5%");
        assertThat(story.path("approvals").findValuesAsText("approver")).containsExactly("alice", "bob");
        assertThat(story.path("controls")
                        .get(2)
                        .path("missing")
                        .get(0)
                        .path("kind")
                        .asText())
                .isEqualTo("qa-evidence");
        assertThat(story.path("controls")
                        .get(2)
                        .path("missing")
                        .get(0)
                        .path("required")
                        .asBoolean())
                .isFalse();
        assertThat(story.has("lines"))
                .as("the console rendering is not part of the data")
                .isFalse();
        // the sampled fields: each with its value and seqs, or why it is missing
        assertThat(story.path("change").findValuesAsText("field")).startsWith("change id", "reason", "security impact");
        assertThat(JSON.writeValueAsString(story.path("change").get(0)))
                .isEqualTo("{\"field\":\"change id\",\"value\":null,"
                        + "\"seqs\":[],\"missing\":\"no change record gives it; a pipeline records it with recordEvidence type:"
                        + " 'change-record', data: [id: '...']\"}");
        assertThat(story.path("controls").get(0).path("crosswalk").toString())
                .isEqualTo("[\"ISO27001-2022-A.8.32\",\"ISO27001-2022-A.8.15\"]");

        // the text report and the JSON say the same
        Run text = relgov("verify", bundle.toString(), "--key", pub.toString(), "--policy", "inopsio");
        assertThat(text.out()).contains("\noutcome  " + story.path("headline").asText() + "\n");

        Path tampered = rewrite(bundle, "evidence/t.xml", "<testsuite tests=\"0\"/>");
        Run bad = relgov("verify", tampered.toString(), "--key", pub.toString(), "--json");
        assertThat(bad.exit()).isEqualTo(1);
        JsonNode b = JSON.readTree(bad.out());
        assertThat(b.path("result").asText()).isEqualTo("INVALID");
        assertThat(b.path("release").isNull()).isTrue();
        JsonNode evidence = b.path("checks").get(4);
        assertThat(evidence.path("id").asText()).isEqualTo("evidence");
        assertThat(evidence.path("status").asText()).isEqualTo("FAILED");
        assertThat(evidence.path("problems").get(0).path("where").asText()).isEqualTo("evidence/t.xml");
        assertThat(evidence.path("problems").get(0).path("what").asText())
                .startsWith("sha256 differs from ledger seq 1 (bundle ");
        assertThat(b.path("checks").get(12).path("status").asText()).isEqualTo("SKIPPED");
        assertThat(b.path("checks").get(12).path("message").asText()).startsWith("no --policy given");
        assertThat(b.path("problemCount").asInt()).isEqualTo(2); // the manifest's digest and the ledger's

        Path truncated = Files.write(dir.resolve("trunc.zip"), Arrays.copyOf(Files.readAllBytes(bundle), 300));
        Run unusable = relgov("verify", truncated.toString(), "--json");
        assertThat(unusable.exit()).isEqualTo(2);
        JsonNode u = JSON.readTree(unusable.out());
        assertThat(u.path("result").asText()).isEqualTo("UNUSABLE");
        assertThat(u.path("error").asText())
                .isEqualTo("trunc.zip: not a readable zip: end of central directory not found (truncated or corrupt)");
        assertThat(unusable.err().strip())
                .isEqualTo("relgov verify: " + u.path("error").asText());
    }

    @Test
    void hostileBundlesAreRefusedInOneLineNeverWithAStackTraceOrSuccess() throws Exception {
        byte[] zip = Files.readAllBytes(bundle);
        byte[] commented = Arrays.copyOf(zip, zip.length + 5);
        System.arraycopy("hello".getBytes(StandardCharsets.US_ASCII), 0, commented, zip.length, 5);
        ByteBuffer.wrap(commented).order(ByteOrder.LITTLE_ENDIAN).putShort(zip.length - 2, (short) 5);
        byte[] countFlipped = zip.clone();
        countFlipped[zip.length - 22 + 10] ^= 0x04;
        record Case(String name, byte[] bytes, String message) {}
        List<Case> cases = List.of(
                new Case(
                        "commented.zip",
                        commented,
                        "commented.zip: a zip comment of 5 bytes: data the seal does not cover"),
                new Case("count.zip", countFlipped, "count.zip: the end record is corrupt: it counts "),
                new Case("empty.zip", new byte[0], "empty.zip: not a zip (too short; truncated?)"),
                new Case(
                        "text.zip",
                        "PK not really".repeat(10).getBytes(StandardCharsets.US_ASCII),
                        "text.zip: not a readable zip"));
        for (Case c : cases) {
            Path f = Files.write(dir.resolve(c.name()), c.bytes());
            for (String[] args : new String[][] {
                {"verify", f.toString()}, {"verify", f.toString(), "--key", pub.toString(), "--policy", "inopsio"}
            }) {
                Run r = relgov(args);
                assertThat(r.exit()).as(c.name()).isEqualTo(2);
                assertThat(r.err().strip())
                        .as(c.name())
                        .doesNotContain("\n")
                        .startsWith("relgov verify: " + c.message());
                assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
        Run folder = relgov("verify", dir.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.err().strip()).isEqualTo("relgov verify: " + dir + ": a folder, not a bundle");
    }

    @Test
    void theStoryOfARolledBackReleaseExplainsItsControls() {
        Run r = relgov("verify", bundle.toString(), "--key", pub.toString(), "--policy", "inopsio");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(
                        "\noutcome  ROLLED BACK: approved by alice (qa-lead), bob (product-manager); deployed to production;"
                                + " ROLLED BACK to v2.3.1 because error-rate 7.1% > 5%\n")
                .contains(
                        "\nROLLBACK production v2.4.0 -> v2.3.1 by jenkins at 2026-11-22T10:00:00Z (ledger seq 7): error-rate 7.1% > 5%\n")
                .contains("\nevidence tier minor requires test-summary, security-scan: all recorded;")
                .contains("\ncontrol  SOC2-CC7.2 (SOC 2, Change Control): evidenced by approval, rollback-record;"
                        + " corresponds to SOC2-CC8.1, SOC2-CC7.2-monitoring\n")
                .contains(
                        "\ncontrol  ISO27001-A.14 (ISO 27001, System Acquisition Testing): partly evidenced by test-summary,"
                                + " security-scan; missing: qa-evidence (not required for tier minor);"
                                + " corresponds to ISO27001-2022-A.8.29, ISO27001-2022-A.8.32\n")
                // the fields auditors sample: what the pipeline did not say shows as missing, with how to say it
                .contains(
                        "\nchange   back-out plan: MISSING: no change record gives it; a pipeline records it with recordEvidence"
                                + " type: 'change-record', data: [backoutPlan: '...']\n")
                .contains(
                        "\nchange   back-out ran: yes: rolled back to v2.3.1 by jenkins at 2026-11-22T10:00:00Z because error-rate"
                                + " 7.1% > 5% (ledger seq 7)\n")
                .endsWith("policy inopsio (" + ShippedPolicies.loaded("inopsio").digest() + ") is satisfied\n");
    }

    private Path rewrite(Path zip, String entry, String content) throws Exception {
        Path out = dir.resolve("tampered.zip");
        try (ZipFile in = new ZipFile(zip.toFile());
                ZipOutputStream o = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                o.putNextEntry(new ZipEntry(e.getName()));
                o.write(
                        e.getName().equals(entry)
                                ? content.getBytes(StandardCharsets.UTF_8)
                                : in.getInputStream(e).readAllBytes());
                o.closeEntry();
            }
        }
        return out;
    }
}
