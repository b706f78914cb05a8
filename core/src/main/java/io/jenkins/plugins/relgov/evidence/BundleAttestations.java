package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The attestations of a sealed bundle about one image, for attaching beside it in the registry after the release
 * was sealed ({@code relgov image attest}): only from a bundle that verifies with the trusted key, and only
 * envelopes whose own DSSE signature verifies with that key (so a file swapped after verifying yields nothing).
 */
public final class BundleAttestations {
    private BundleAttestations() {}

    /**
     * The DSSE envelopes in {@code bundle} whose statement has a subject with SHA-256 {@code sha256Hex}.
     *
     * @throws EvidenceException        when the bundle does not verify with {@code key} (the message is the verdict)
     * @throws BundleFormatException    when the file is not a usable bundle
     */
    public static List<Dsse.Envelope> about(Path bundle, String sha256Hex, VerificationKey key) throws IOException {
        VerificationReport report = BundleVerifier.verify(bundle, new BundleVerifier.Options(key, null, null));
        if (!report.valid()) {
            throw EvidenceException.at(bundle.toString(), report.verdict());
        }
        List<Dsse.Envelope> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(bundle, StandardOpenOption.READ)) {
            ZipDirectory zip = ZipDirectory.read(ch, FileNames.of(bundle), ZipLimits.DEFAULT);
            for (ZipDirectory.Entry e : zip.entries) {
                if (!e.name().startsWith("attestations/") || e.isFolder()) {
                    continue;
                }
                Dsse.Envelope env;
                try (InputStream in = zip.open(e)) {
                    env = Dsse.Envelope.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), e.name());
                } catch (SigningException notAnEnvelope) {
                    continue;
                }
                if (!env.verifiedBy(key)) {
                    continue;
                }
                for (var s : env.payloadJson().path("subject")) {
                    if (sha256Hex.equals(s.path("digest").path("sha256").asText())) {
                        out.add(env);
                        break;
                    }
                }
            }
        }
        return out;
    }
}
