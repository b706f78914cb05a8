package io.jenkins.plugins.relgov.evidence;

import java.io.IOException;

/** One step of verifying a bundle; {@link BundleVerifier} runs them in order over one {@link Verification}. */
interface BundleCheck {

    /** The stable name scripts see ({@link CheckOutcome#id()}). */
    String id();

    /** How the console names it; by default its id. */
    default String label(Verification v) {
        return id();
    }

    /** Why it cannot run on this bundle (an earlier check found what it needs missing or unreadable), or null. */
    default String cannotRun(Verification v) {
        if (v.blocked != null) {
            return v.blocked;
        }
        return v.ledger == null || v.manifest == null ? "the manifest or the ledger could not be read" : null;
    }

    /**
     * Checks, recording every problem and warning in {@code findings}.
     *
     * @return what was verified, the console's line when nothing was found
     */
    String run(Verification v, CheckFindings findings) throws IOException;
}
