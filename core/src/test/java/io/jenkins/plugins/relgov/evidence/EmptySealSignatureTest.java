package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static io.jenkins.plugins.relgov.evidence.TestBundles.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review attack: an empty seal.json.sig decodes to zero bytes, and the verifier only checked a signature
 * that had bytes. With the auditor's trusted key, an attacker who cannot sign could then forge a whole
 * release: their own ledger (any approvals), manifest and seal naming the trusted key's fingerprint.
 */
class EmptySealSignatureTest {
    @TempDir
    Path dir;

    @Test
    void anEmptySealSignatureIsNotASignature() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        VerificationKey trusted = TestBundles.pub(dir.resolve("keys"));
        Path zip = TestBundles.write(
                TestBundles.minorRelease(dir.resolve("work"), key, true).seal(key, "jenkins"),
                dir.resolve("b.zip"),
                true);
        for (String blank : new String[] {"", "\n", "   "}) {
            Path bad = TestBundles.rewrite(
                    zip,
                    dir.resolve("blank.zip"),
                    Map.of(SealedBundle.SEAL_SIG, b -> blank.getBytes(StandardCharsets.US_ASCII)));
            VerificationReport r = BundleVerifier.verify(bad, new BundleVerifier.Options(trusted, INOPSIO, null));
            assertThat(r.valid()).as("blank signature '%s'", blank).isFalse();
            assertThat(r.problems())
                    .extracting(Finding::toString)
                    .anySatisfy(p -> assertThat(p).startsWith("seal.json.sig: "));
        }
    }

    @Test
    void aForgedReleaseWithAnEmptySealSignatureIsRefusedByTheTrustedKey() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        VerificationKey trusted = TestBundles.pub(dir.resolve("keys"));
        // the attacker has only the public key: they make up a release (no artifact signatures, no attestation),
        // seal it with their own key, then claim the trusted key's fingerprint and blank the signature
        SigningKey attacker = TestBundles.key(dir.resolve("attacker"), "ec");
        Path work = dir.resolve("forged");
        Files.createDirectories(work);
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"), INOPSIO, "jenkins", TestBundles.CLOCK);
        ev.recordRecord(
                "risk-assessment", JSON.createObjectNode().put("risk", "low").put("owner", "mallory"), "mallory");
        ev.recordApproval("qa-lead", "mallory", true, "trust me");
        ev.recordApproval("product-manager", "mallory2", true, null);
        Path forged = TestBundles.write(ev.seal(attacker, "jenkins"), dir.resolve("forged.zip"), true);
        Path claimed = TestBundles.rewrite(
                forged,
                dir.resolve("claimed.zip"),
                Map.of(
                        SealedBundle.SEAL,
                                b -> new String(b, StandardCharsets.UTF_8)
                                        .replace(
                                                TestBundles.pub(dir.resolve("attacker"))
                                                        .fingerprint(),
                                                trusted.fingerprint())
                                        .getBytes(StandardCharsets.UTF_8),
                        SealedBundle.SEAL_SIG, b -> new byte[0]));
        VerificationReport r = BundleVerifier.verify(claimed, new BundleVerifier.Options(trusted, null, null));
        assertThat(r.valid()).as(String.join("\n", r.checked())).isFalse();
    }
}
