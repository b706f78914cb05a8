package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.util.Set;

/**
 * What one verification has established so far, shared by the checks in order: the bundle's files,
 * then the key, the seal, the manifest, the ledger and the policy the bundle carries. A field stays
 * null while no check has established it (or could not).
 */
final class Verification {
    final BundleVerifier.Options options;
    final BundleContents contents;
    /** Why the remaining checks cannot run at all (no seal files, no key), or null. */
    String blocked;

    VerificationKey key;
    /** The key is the auditor's (--key), not merely the one inside the bundle. */
    boolean keyTrusted;

    Seal seal;
    JsonNode manifest;
    LedgerView ledger;
    /** The policy file inside the bundle, loaded, when it is the one the ledger recorded. */
    LoadedPolicy bundledPolicy;
    /** The RFC 3161 tokens of the seal's Sigstore bundle, once it matched the seal; null when there is none. */
    java.util.List<byte[]> sealTimestamps;
    /** The seal's signature bytes those tokens cover. */
    byte[] sealSignature;

    Verification(BundleVerifier.Options options, BundleContents contents) {
        this.options = options;
        this.contents = contents;
    }

    /** The file the ledger recorded at {@code seq} as {@code entry}, or null (a problem) when the bundle lacks it. */
    BundleContents.Read recordedFile(String entry, long seq, CheckFindings findings) {
        BundleContents.Read r = contents.get(entry);
        if (r == null) {
            findings.problem(entry, "recorded at ledger seq " + seq + " but missing from the bundle");
        }
        return r;
    }

    /** Every file under {@code folder} that the ledger did not record is a problem: {@code why}. */
    void unrecordedUnder(String folder, Set<String> recorded, CheckFindings findings, String why) {
        for (String name : contents.names()) {
            if (name.startsWith(folder) && !recorded.contains(name)) {
                findings.problem(name, why);
            }
        }
    }
}
