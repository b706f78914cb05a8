package io.jenkins.plugins.relgov.gate;

import java.util.Optional;

/**
 * The evidence already recorded for a release, as far as the gate needs to know: whether a kind
 * ({@code test-summary}, {@code security-scan}, ...) is there. The evidence ledger implements it; until then,
 * {@link FileEvidenceIndex} reads a folder.
 */
public interface EvidenceIndex {
    /** Where the evidence of this kind is (for the reason line), or empty when none is recorded. */
    Optional<String> find(String kind);

    /** Where this index looks, as the reason line of missing evidence names it ("the release's evidence ledger"). */
    String describe();
}
