package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How far a release's ledger evidences each control of its policy: every kind a control lists is either proven
 * (recorded, or a {@link DerivedEvidence} fact that holds or does not apply) or missing, with why. What the summary,
 * {@code relgov verify} and the OSCAL export say about controls comes from here, so they never disagree.
 */
final class ControlAssessment {
    private ControlAssessment() {}

    /**
     * @param controls the manifest's controls ({@code id}, {@code framework}, {@code title}, {@code evidence},
     *                 {@code crosswalk})
     * @param required the kinds the tier and the gates require (empty when the policy is not at hand)
     * @param tier     the release's tier, to say whether a missing kind was required (null: not said)
     */
    static List<ReleaseStory.ControlCoverage> assess(
            JsonNode controls, LedgerView ledger, ChangeTrace trace, Set<String> required, String tier) {
        Set<String> proven = trace.provenKinds(ledger);
        List<ReleaseStory.ControlCoverage> out = new ArrayList<>();
        for (JsonNode c : controls) {
            List<String> present = new ArrayList<>();
            List<String> notApplicable = new ArrayList<>();
            List<ReleaseStory.MissingKind> missing = new ArrayList<>();
            for (JsonNode k : c.path("evidence")) {
                String kind = LedgerView.text(k);
                if (proven.contains(kind)) {
                    present.add(kind);
                    DerivedEvidence.of(kind)
                            .map(trace::proof)
                            .filter(p -> !p.applicable())
                            .ifPresent(p -> notApplicable.add(kind));
                } else {
                    missing.add(new ReleaseStory.MissingKind(
                            kind, required.contains(kind), why(kind, trace, required.contains(kind), tier)));
                }
            }
            List<String> crosswalk = new ArrayList<>();
            c.path("crosswalk").forEach(x -> crosswalk.add(LedgerView.text(x)));
            String status = missing.isEmpty() ? "EVIDENCED" : present.isEmpty() ? "NOT_EVIDENCED" : "PARTLY_EVIDENCED";
            out.add(new ReleaseStory.ControlCoverage(
                    LedgerView.text(c.path("id")),
                    LedgerView.text(c.path("framework")),
                    LedgerView.text(c.path("title")),
                    status,
                    present,
                    missing,
                    notApplicable,
                    crosswalk));
        }
        return out;
    }

    /** Why a kind is missing: what would have recorded or proven it, and (with a tier) whether it was required. */
    static String why(String kind, ChangeTrace trace, boolean required, String tier) {
        List<String> parts = new ArrayList<>();
        DerivedEvidence.of(kind).ifPresent(d -> parts.add(trace.proof(d).text()));
        for (EventType t : EventType.values()) {
            if (t.evidenceKind().filter(kind::equals).isPresent()) {
                parts.add("no " + t.wire() + " event: it is recorded only when one happens");
            }
        }
        if (tier != null) {
            parts.add(required ? "REQUIRED for tier " + tier : "not required for tier " + tier);
        }
        return String.join("; ", parts);
    }
}
