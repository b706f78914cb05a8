package io.jenkins.plugins.relgov.evidence;

import java.util.List;

/**
 * The zip itself: {@link ZipDirectory} has already refused anything unsafe or hidden (the bundle
 * would not be usable), so what is left is whether the files that hold the seal are there.
 */
final class ZipCheck implements BundleCheck {
    private static final List<String> REQUIRED =
            List.of(SealedBundle.MANIFEST, SealedBundle.SEAL, SealedBundle.SEAL_SIG, SealedBundle.LEDGER);

    @Override
    public String id() {
        return "zip";
    }

    @Override
    public String label(Verification v) {
        return "zip structure";
    }

    @Override
    public String cannotRun(Verification v) {
        return null;
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        for (String required : REQUIRED) {
            if (!v.contents.has(required)) {
                findings.problem(required, "missing from the bundle");
            }
        }
        if (!findings.none()) {
            v.blocked = "the bundle lacks its manifest, seal or ledger";
        }
        return v.contents.size() + " entries, central directory and local headers agree";
    }
}
