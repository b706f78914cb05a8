package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.InTotoStatement;
import io.jenkins.plugins.relgov.signing.SigningException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** Every attestation is a DSSE envelope around an in-toto Statement that verifies with the key and is the one the ledger recorded. */
final class AttestationsCheck implements BundleCheck {

    @Override
    public String id() {
        return "attestations";
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        Set<String> expected = new HashSet<>();
        for (LedgerView.Attestation a : v.ledger.attestations()) {
            String path = a.path();
            long seq = a.event().seq();
            expected.add(path);
            BundleContents.Read r = v.recordedFile(path, seq, findings);
            if (r == null) {
                continue;
            }
            String text = new String(r.bytes(), StandardCharsets.UTF_8);
            Dsse.Envelope env;
            try {
                env = Dsse.Envelope.parse(text, path);
            } catch (SigningException ex) {
                findings.problem(path, CheckFindings.what(ex, path));
                continue;
            }
            if (!env.verifiedBy(v.key)) {
                findings.problem(path, "DSSE signature does not verify with key " + v.key.fingerprint());
            }
            if (!InTotoStatement.PAYLOAD_TYPE.equals(env.payloadType())) {
                findings.problem(path, "payloadType is not " + InTotoStatement.PAYLOAD_TYPE);
            }
            if (a.envelope() != null && !a.envelope().equals(text)) {
                findings.problem(path, "differs from the envelope recorded at ledger seq " + seq);
            }
            if (!Sha256.of(env.payload()).equals(a.payloadSha256())) {
                findings.problem(path, "payload sha256 differs from ledger seq " + seq);
                continue;
            }
            JsonNode st;
            try {
                st = env.payloadJson();
            } catch (SigningException ex) {
                findings.problem(path, "payload is not JSON");
                continue;
            }
            if (!InTotoStatement.TYPE.equals(st.path("_type").asText())) {
                findings.problem(path, "statement _type is not " + InTotoStatement.TYPE);
            }
        }
        v.unrecordedUnder("attestations/", expected, findings, "in the bundle but not recorded in the ledger");
        return expected.size() + " DSSE envelope(s) verify";
    }
}
