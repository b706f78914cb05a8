package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A governed release at a glance, read from its ledger: what a history of releases and its trends show for each
 * one. The outcome and what is missing come from the {@link ReleaseStory} the verifier tells, so a page and
 * {@code relgov verify} never disagree.
 *
 * @param version          the version released
 * @param tier             its tier
 * @param environment      the target environment, or empty
 * @param outcome          how it ended, as far as the ledger shows
 * @param headline         the outcome in one line of words
 * @param approvers        who approved, as "user (role)"
 * @param gatesPassed      gate checks that passed
 * @param gatesFailed      gate checks that failed (and were not waived)
 * @param gatesWaived      gate checks that failed but were waived
 * @param failedChecks     the ids of the gate checks that failed and were not waived ("coverage.line")
 * @param lineCoverage     line coverage in percent the gate measured, or null
 * @param criticalFindings critical findings the gate counted, or null
 * @param timeToApproval   from the approval request's opening to its approval, or null when not approved
 * @param missing          what the evidence still lacks: required evidence, sampled change fields, open reviews
 */
public record ReleaseOverview(
        String version,
        String tier,
        String environment,
        ReleaseStory.Outcome outcome,
        String headline,
        List<String> approvers,
        int gatesPassed,
        int gatesFailed,
        int gatesWaived,
        List<String> failedChecks,
        Double lineCoverage,
        Integer criticalFindings,
        Duration timeToApproval,
        List<String> missing) {

    // the gate's measured values, as core's checks write them: "35.36%", "3 critical"
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)");

    public ReleaseOverview {
        approvers = List.copyOf(approvers);
        failedChecks = List.copyOf(failedChecks);
        missing = List.copyOf(missing);
    }

    /**
     * Reads a release's ledger against the policy it started with.
     *
     * @param now to tell whether a post-hoc review's deadline has passed
     */
    public static ReleaseOverview of(LedgerView ledger, LoadedPolicy policy, Instant now) {
        return of(ledger, ReleaseStory.live(ledger, policy, now));
    }

    /** The overview of a ledger whose story was already told. */
    public static ReleaseOverview of(LedgerView ledger, ReleaseStory story) {
        ReleaseStarted started = ledger.started();
        String environment = started == null ? "" : started.environment();

        Map<String, LedgerView.GateEvaluation> lastPerGate = new LinkedHashMap<>();
        ledger.gates().forEach(g -> lastPerGate.put(g.gate(), g));
        int passed = 0;
        int waived = 0;
        List<String> failed = new ArrayList<>();
        for (LedgerView.GateEvaluation g : lastPerGate.values()) {
            if (g.waiver() != null) {
                waived++;
            } else if (g.passed()) {
                passed++;
            } else {
                failed.add(g.gate());
            }
        }
        Double coverage = measured(lastPerGate.get("coverage.line"));
        Double critical = measured(lastPerGate.get("findings.critical"));

        List<String> approvers = story.approvals().stream()
                .filter(a -> a.decision().equals("approve"))
                .map(a -> a.approver() + " (" + a.role() + ")")
                .toList();
        List<String> missing = new ArrayList<>();
        if (story.required() != null) {
            story.required().missing().forEach(k -> missing.add("evidence: " + k));
        }
        story.change().stream().filter(f -> !f.present()).forEach(f -> missing.add("change record: " + f.field()));
        story.reviews().stream()
                .filter(r -> !r.status().startsWith("COMPLETED"))
                .forEach(r ->
                        missing.add("post-hoc review by " + String.join(", ", r.missing()) + " (due " + r.due() + ")"));
        return new ReleaseOverview(
                started == null ? "" : started.version(),
                started == null ? "" : started.tier(),
                environment,
                story.outcome(),
                story.headline(),
                approvers,
                passed,
                failed.size(),
                waived,
                failed,
                coverage,
                critical == null ? null : critical.intValue(),
                timeToApproval(ledger, story),
                missing);
    }

    private static Double measured(LedgerView.GateEvaluation g) {
        if (g == null) {
            return null;
        }
        Matcher m = LEADING_NUMBER.matcher(
                LedgerView.text(g.event().payload().path("detail").path("measured")));
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    /** From the first approval request's opening to its approval; null when no request was approved. */
    private static Duration timeToApproval(LedgerView ledger, ReleaseStory story) {
        for (ReleaseStory.Request r : story.requests()) {
            if (!r.status().equals("APPROVED")) {
                continue;
            }
            for (LedgerView.EvidenceItem item : ledger.evidence()) {
                JsonNode record = item.record();
                if (item.kind().equals("approval-request")
                        && LedgerView.text(record.path("request")).equals(r.id())) {
                    try {
                        return Duration.between(Instant.parse(item.event().time()), Instant.parse(r.settledAt()));
                    } catch (DateTimeParseException e) {
                        return null; // a ledger is untrusted input: an odd time is no lead time
                    }
                }
            }
        }
        return null;
    }
}
