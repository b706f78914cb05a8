package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.CLOCK;
import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release-started shape: one writer ({@link ReleaseStarted#payload()}, which ReleaseEvidence.start and the
 * Jenkins plugin both call) and one reader ({@link LedgerView#started()}) that agree on every field.
 */
class ReleaseStartedTest {

    @TempDir
    Path tmp;

    private static final ReleaseStarted EVERY_FIELD = new ReleaseStarted(
            "shop",
            "v2.4.0",
            "minor",
            "v2.3.1",
            "production",
            "release/2.4",
            "inopsio",
            "policy/inopsio.yaml",
            "ab".repeat(32),
            "sha256:" + "cd".repeat(32),
            "global configuration");

    /** The first event as a verifier reads it: written to ledger lines and parsed back. */
    private static ReleaseStarted readBack(ObjectNode payload) throws Exception {
        Ledger l = Ledger.inMemory(CLOCK);
        l.append(EventType.RELEASE_STARTED, "jenkins", payload);
        return new LedgerView(Ledger.read(new ByteArrayInputStream(l.toBytes()), "ledger.jsonl")).started();
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyFieldThePayloadHoldsReadsBackThroughTheLedgerView() throws Exception {
        assertThat(readBack(EVERY_FIELD.payload())).isEqualTo(EVERY_FIELD);
    }

    @Test
    void whatIsNotKnownIsLeftOutAndReadsAsEmpty() throws Exception {
        ReleaseStarted known = ReleaseStarted.of(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                "inopsio",
                "policy/inopsio.json",
                "ab".repeat(32),
                "sha256:" + "cd".repeat(32),
                null);
        ObjectNode p = known.payload();
        assertThat(fields(p.path("release"))).containsExactly("name", "version", "tier");
        assertThat(fields(p.path("policy"))).containsExactly("name", "path", "sha256", "digest");
        assertThat(readBack(p))
                .isEqualTo(new ReleaseStarted(
                        "shop",
                        "v2.4.0",
                        "minor",
                        "",
                        "",
                        "",
                        "inopsio",
                        "policy/inopsio.json",
                        "ab".repeat(32),
                        "sha256:" + "cd".repeat(32),
                        ""));
    }

    @Test
    void aReleaseStartedWithEveryFieldSealsAndVerifies() throws Exception {
        SigningKey key = TestBundles.key(tmp.resolve("keys"), "ec");
        var release = new ReleaseEvidence.Release("shop", "v2.4.0", "minor", "v2.3.1", "production", "main");
        ReleaseEvidence ev = TestBundles.minorRelease(release, tmp.resolve("work"), key, false, e -> {});

        LedgerView ledger = new LedgerView(ev.ledger().events());
        assertThat(ledger.started())
                .isEqualTo(new ReleaseStarted(
                        "shop",
                        "v2.4.0",
                        "minor",
                        "v2.3.1",
                        "production",
                        "main",
                        "inopsio",
                        "policy/inopsio.json",
                        Sha256.of(CanonicalJson.toBytes(INOPSIO.document())),
                        INOPSIO.digest().toString(),
                        ""));
        assertThat(ReleaseOverview.of(ledger, INOPSIO, CLOCK.instant()).environment())
                .isEqualTo("production");

        Path zip = TestBundles.write(ev.seal(key, "jenkins"), tmp.resolve("b.zip"), true);
        VerificationReport r = BundleVerifier.verify(
                zip, new BundleVerifier.Options(TestBundles.pub(tmp.resolve("keys")), INOPSIO, null));
        assertThat(r.problems()).isEmpty();
        assertThat(r.valid()).isTrue();
    }
}
