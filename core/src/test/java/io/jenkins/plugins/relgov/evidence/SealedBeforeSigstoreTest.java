package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle sealed by relgov before Sigstore bundles, release decisions and trusted timestamps existed (made by
 * {@code relgov demo} at commit 40238db, kept in test resources) still verifies: the new checks say it has none
 * of them, and call nothing in it invalid.
 */
class SealedBeforeSigstoreTest {
    private static final String DIR = "/bundles/sealed-before-sigstore/";

    @TempDir
    Path dir;

    private Path copy(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(DIR + name)) {
            Path out = dir.resolve(name);
            Files.copy(java.util.Objects.requireNonNull(in, name), out);
            return out;
        }
    }

    @Test
    void anOldBundleIsValidAndSaysWhatItLacks() throws Exception {
        Path zip = copy("payments-api-v2.0.0-evidence.zip");
        VerificationKey key = VerificationKey.read(copy("signing-key.pub.pem"));
        VerificationReport r =
                BundleVerifier.verify(zip, new BundleVerifier.Options(key, ShippedPolicies.loaded("inopsio"), null));
        assertThat(r.problems()).isEmpty();
        assertThat(r.valid()).isTrue();
        assertThat(r.checked())
                .contains(
                        "sigstore: none: the bundle was sealed before relgov wrote Sigstore bundles (the cosign signatures and DSSE envelopes are checked above)",
                        "timestamp: none: the bundle was sealed before relgov recorded trusted timestamps",
                        "decision: no release decision (SLSA VSA) recorded");
    }
}
