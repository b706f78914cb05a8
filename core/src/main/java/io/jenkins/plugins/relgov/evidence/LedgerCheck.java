package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The ledger: every line a well-formed event, the hash chain unbroken and ending at the sealed head,
 * the first event release-started, and the policy file it names bundled, unchanged and loadable.
 */
final class LedgerCheck implements BundleCheck {

    @Override
    public String id() {
        return "ledger";
    }

    @Override
    public String cannotRun(Verification v) {
        return v.blocked;
    }

    @Override
    public String run(Verification v, CheckFindings findings) throws IOException {
        List<LedgerEvent> events;
        try {
            events = Ledger.read(
                    new ByteArrayInputStream(v.contents.get(SealedBundle.LEDGER).bytes()), SealedBundle.LEDGER);
        } catch (EvidenceException e) {
            Finding f = e.finding(SealedBundle.LEDGER);
            findings.problem(f.where(), f.what());
            return "";
        }
        LedgerView ledger = new LedgerView(events);
        v.ledger = ledger;
        findings.problems(Ledger.verifyChain(events, SealedBundle.LEDGER));
        String head = ledger.head();
        Seal seal = v.seal;
        if (seal != null && !seal.ledgerHead().equals(head)) {
            findings.problem(
                    SealedBundle.LEDGER,
                    "head " + head + " differs from the signed seal.json (" + seal.ledgerHead() + ")");
        }
        if (seal != null && seal.ledgerEvents() != events.size()) {
            findings.problem(
                    SealedBundle.LEDGER, events.size() + " events, the signed seal.json says " + seal.ledgerEvents());
        }
        if (v.manifest != null
                && !v.manifest.path("ledger").path("head").asText().equals(head)) {
            findings.problem(SealedBundle.MANIFEST, "ledger head differs from ledger.jsonl");
        }
        ReleaseStarted started = ledger.started();
        if (started == null) {
            findings.problem(SealedBundle.LEDGER + " line 1", "the first event must be release-started");
        } else if (v.manifest != null) {
            BundleContents.Read policyFile = v.contents.get(started.policyPath());
            String path = started.policyPath().isEmpty() ? "policy" : started.policyPath();
            if (policyFile == null || !policyFile.sha256().equals(started.policySha256())) {
                findings.problem(path, "missing or sha256 differs from ledger seq 0");
            } else {
                v.bundledPolicy = bundledPolicy(path, policyFile.bytes(), started.policyDigest(), findings);
            }
        }
        return events.size() + " events, hash chain intact, head " + head;
    }

    /** The bundled policy file must still load and be the policy whose digest the ledger recorded. */
    private static LoadedPolicy bundledPolicy(
            String path, byte[] bytes, String recordedDigest, CheckFindings findings) {
        try {
            LoadedPolicy p = PolicyLoader.load(path, bytes);
            if (!p.digest().toString().equals(recordedDigest)) {
                findings.problem(
                        path, "policy digest " + p.digest() + " differs from ledger seq 0 (" + recordedDigest + ")");
                return null;
            }
            return p;
        } catch (PolicyException e) {
            findings.problem(
                    path,
                    "does not load as a policy: "
                            + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }
}
