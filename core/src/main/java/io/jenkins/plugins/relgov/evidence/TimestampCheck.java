package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.TimestampToken;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The trusted timestamp (RFC 3161) over the seal's signature, when the manifest records that a time-stamping
 * authority was asked: the token must be there, be over {@code seal.json.sig}'s bytes, verify, and (given the
 * auditor's TSA certificate) come from an authority the auditor trusts. It shows the seal existed at that time
 * whatever Jenkins's clock said, for as long as the TSA's certificate can be checked.
 */
final class TimestampCheck implements BundleCheck {
    /** Jenkins's clock and the authority's may differ a little; beyond this an auditor is told. */
    static final Duration SKEW = Duration.ofMinutes(10);

    @Override
    public String id() {
        return "timestamp";
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        List<X509Certificate> trusted = v.options.tsaCertificates();
        JsonNode authority = v.manifest.get("timestampAuthority");
        List<byte[]> tokens = v.sealTimestamps == null ? List.of() : v.sealTimestamps;
        if (authority == null || authority.isNull()) {
            if (!tokens.isEmpty()) {
                findings.problem(
                        SealedBundle.SEAL_SIGSTORE,
                        "carries a timestamp, but the manifest records no time-stamping authority");
            }
            if (!trusted.isEmpty()) {
                findings.warn("--tsa-cert", "given, but the bundle has no trusted timestamp to check");
            }
            return authority == null
                    ? "none: the bundle was sealed before relgov recorded trusted timestamps"
                    : "none: no time-stamping authority was configured when the release was sealed";
        }
        if (v.sealSignature == null) {
            return "not checked: the seal's Sigstore bundle is missing or does not match the seal"; // said by the
            // sigstore check
        }
        if (tokens.isEmpty()) {
            findings.problem(
                    SealedBundle.SEAL_SIGSTORE,
                    "holds no timestamp, but the manifest records that " + authority.asText()
                            + " time-stamped the seal");
            return "";
        }
        List<String> said = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String where = SealedBundle.SEAL_SIGSTORE + " timestamp " + (i + 1);
            try {
                TimestampToken token = TimestampToken.parse(tokens.get(i), where);
                String signer;
                if (trusted.isEmpty()) {
                    signer = token.verifyIntegrity(v.sealSignature, where);
                    findings.warn(
                            where,
                            "signed by " + signer + ", which was not checked against a time-stamping authority you"
                                    + " trust: pass its certificate with --tsa-cert");
                } else {
                    token.verify(v.sealSignature, trusted, where);
                    signer = token.authority();
                }
                skew(v, token.time(), where, findings);
                said.add(token.time() + " by " + signer);
            } catch (SigningException e) {
                findings.problem(where, CheckFindings.what(e, where));
            }
        }
        return "the seal's signature was time-stamped at " + String.join(", ", said)
                + (trusted.isEmpty()
                        ? " (authority not established: no --tsa-cert)"
                        : ", a time-stamping authority you trust");
    }

    /** A token long before or after the recorded sealing time says one of the clocks was wrong: worth knowing. */
    private static void skew(Verification v, Instant stamped, String where, CheckFindings findings) {
        Instant sealedAt;
        try {
            sealedAt = Instant.parse(v.manifest.path("sealedAt").asText());
        } catch (DateTimeParseException e) {
            return;
        }
        Duration d = Duration.between(sealedAt, stamped);
        if (d.abs().compareTo(SKEW) > 0) {
            findings.warn(
                    where,
                    "time-stamped at " + stamped + ", " + d.abs().toMinutes() + " minutes "
                            + (d.isNegative() ? "before" : "after") + " the sealedAt Jenkins recorded (" + sealedAt
                            + "): trust the timestamp");
        }
    }
}
