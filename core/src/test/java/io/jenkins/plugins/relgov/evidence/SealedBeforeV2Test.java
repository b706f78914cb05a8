package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles in auditors' archives were sealed with the summary of their day. The summary now shows more (format
 * {@value Summary#V2}), and a bundle sealed before that must verify as it did: the verifier renders each summary
 * in the format its manifest names, and an edit of that name breaks the seal like any other.
 */
class SealedBeforeV2Test {
    private static final String DIR = "sealed-v1/";

    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        Path to = dir.resolve(name);
        try (InputStream in = SealedBeforeV2Test.class.getResourceAsStream(DIR + name)) {
            Files.copy(java.util.Objects.requireNonNull(in, name), to);
        }
        return to;
    }

    @Test
    void aBundleSealedBeforeSummaryV2StillVerifies() throws Exception {
        Path zip = resource("payments-api-v2.0.0-evidence.zip");
        VerificationKey key = VerificationKey.read(resource("signing-key.pub.pem"));
        VerificationReport r = BundleVerifier.verify(zip, new BundleVerifier.Options(key, null, null));
        assertThat(r.problems()).isEmpty();
        assertThat(r.result()).isEqualTo(VerificationReport.Result.VALID);
        assertThat(r.checked()).contains("summary.md: matches the ledger and manifest");
        // the story is told with what is known today: that bundle's pipeline gave no change record
        assertThat(r.render())
                .contains("\nchange   change id: MISSING: no change record gives it;")
                .contains(
                        "\nchange   back-out ran: yes: rolled back to v1.4.2 by jenkins at 2026-11-23T10:11:00Z because error-rate");
    }

    @Test
    void aBundleSealedBeforeSummaryV2ExportsToOscal() throws Exception {
        Path zip = resource("payments-api-v2.0.0-evidence.zip");
        VerificationKey key = VerificationKey.read(resource("signing-key.pub.pem"));
        OscalAssessmentResults.Export e =
                OscalAssessmentResults.export(zip, new BundleVerifier.Options(key, null, null));
        assertThat(e.document()).isNotNull();
        assertThat(e.document()
                        .path("assessment-results")
                        .path("results")
                        .get(0)
                        .path("findings"))
                .extracting(f -> f.path("target").path("target-id").asText() + " "
                        + f.path("target").path("status").path("state").asText())
                .containsExactly(
                        "ISO27001-A.12 satisfied",
                        "SOC2-CC7.2 satisfied",
                        "ISO27001-A.14 not-satisfied",
                        "CNDP-09-08 not-satisfied");
    }

    @Test
    void aV2BundleEditedToClaimV1IsRefused() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("key"), "ec");
        SealedBundle sealed =
                TestBundles.minorRelease(dir.resolve("work"), key, false).seal(key, "jenkins");
        String manifest = new String(sealed.entries().get(SealedBundle.MANIFEST).bytes(), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"" + Summary.FORMAT_FIELD + "\" : \"" + Summary.V2 + "\"");
        assertThat(new String(sealed.entries().get(SealedBundle.SUMMARY).bytes(), StandardCharsets.UTF_8))
                .contains("## Change record");

        Path zip = TestBundles.write(sealed, dir.resolve("b.zip"), true);
        Path downgraded = TestBundles.rewrite(
                zip,
                dir.resolve("downgraded.zip"),
                Map.of(
                        SealedBundle.MANIFEST,
                        b -> new String(b, StandardCharsets.UTF_8)
                                .replace(Summary.V2, Summary.V1)
                                .getBytes(StandardCharsets.UTF_8)));
        VerificationReport r = BundleVerifier.verify(
                downgraded, new BundleVerifier.Options(TestBundles.pub(dir.resolve("key")), null, null));
        assertThat(r.result()).isEqualTo(VerificationReport.Result.INVALID);
        assertThat(r.problems())
                .extracting(Finding::toString)
                .anySatisfy(p -> assertThat(p).startsWith("manifest.json: sha256 "));
    }
}
