package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.approval.ApprovalJson;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.Review;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a sealed release's ledger says happened, told for an auditor: who approved, whether it was
 * deployed and rolled back and why, which post-hoc reviews were open, done or overdue when it was
 * sealed, and which compliance controls its evidence covers, set against what the tier requires so
 * that "required evidence satisfied" and a control with missing kinds never read as a contradiction.
 * Told only from a bundle whose integrity holds; every line names the ledger seq it comes from.
 *
 * @param release      name and version
 * @param tier         the release tier
 * @param policy       the governing policy's name
 * @param sealedAt     when the bundle was sealed (the manifest's word)
 * @param sealedBy     who sealed it
 * @param outcome      how the release ended, as far as the ledger shows
 * @param headline     the outcome in one line of words
 * @param approvals    every approval decision, rejections included
 * @param requests     approval requests replayed from the approval engine's own events
 * @param deployments  deployment events
 * @param analyses     post-deploy analysis records
 * @param rollbacks    rollback events
 * @param reviews      post-hoc reviews, with their status when the bundle was sealed
 * @param reviewEvents review events that no approval request accounts for
 * @param change       the change as an auditor samples it: each field with its value and ledger seqs, or why it is missing
 * @param required     what the tier and gates require, and which of it is missing (null: the policy is unknown)
 * @param controls     each compliance control of the policy, and how far the evidence covers it
 * @param notes        what could not be told (an approval log that does not replay, say)
 */
public record ReleaseStory(
        String release,
        String tier,
        String policy,
        String sealedAt,
        String sealedBy,
        Outcome outcome,
        String headline,
        List<Approval> approvals,
        List<Request> requests,
        List<Deployment> deployments,
        List<Analysis> analyses,
        List<Rollback> rollbacks,
        List<PostHocReview> reviews,
        List<ReviewEvent> reviewEvents,
        List<ChangeTrace.Field> change,
        RequiredEvidence required,
        List<ControlCoverage> controls,
        List<String> notes) {

    /** How the release ended, as far as its ledger shows. */
    public enum Outcome {
        /** a rollback was recorded */
        ROLLED_BACK,
        /** a deployment or a post-deploy analysis was recorded, and no rollback */
        DEPLOYED,
        /** an approver rejected it, or the approval request timed out or was withdrawn */
        NOT_APPROVED,
        /** approved, but neither a deployment nor a rollback was recorded */
        APPROVED,
        /** none of the above was recorded */
        NOTHING_RECORDED
    }

    public record Approval(String role, String approver, String decision, String reason, String time, long seq) {}

    /** One approval request as the engine settled it; {@code status} is the engine's (APPROVED, REJECTED, TIMED_OUT ...). */
    public record Request(
            String id, String environment, String status, String settledAt, String settledBy, String reason) {}

    public record Deployment(String environment, String version, String actor, String time, long seq) {}

    public record Analysis(String phase, String reason, String time, long seq) {}

    public record Rollback(
            String environment, String from, String to, String reason, String actor, String time, long seq) {}

    /**
     * A post-hoc review. {@code status}: OPEN, OVERDUE, COMPLETED or COMPLETED_LATE when the bundle was
     * sealed, or NOT_RECORDED when the tier requires one and no request in the ledger opened it.
     * {@code deadlinePassed}: still open when sealed, and its deadline has passed since; the bundle cannot
     * show a review made later.
     */
    public record PostHocReview(
            String kind,
            List<String> roles,
            String due,
            String status,
            List<String> missing,
            List<String> reviewers,
            boolean deadlinePassed) {}

    public record ReviewEvent(String actor, String facts, String time, long seq) {}

    /** The evidence kinds the tier and the gates require, and those of them not recorded. */
    public record RequiredEvidence(List<String> kinds, List<String> missing) {}

    /**
     * A control and its evidence kinds: EVIDENCED (all proven), PARTLY_EVIDENCED or NOT_EVIDENCED.
     * A customer's control may list every kind that can support it; only the required ones must be there.
     *
     * @param notApplicable kinds among {@code present} that hold because they do not apply (an emergency change's
     *                      post-hoc approval, for a change that was not one)
     * @param crosswalk     the ids of the policy's controls this one corresponds to
     */
    public record ControlCoverage(
            String id,
            String framework,
            String title,
            String status,
            List<String> present,
            List<MissingKind> missing,
            List<String> notApplicable,
            List<String> crosswalk) {
        /** The kinds present, those that hold because they do not apply marked so. */
        public String presentText() {
            return String.join(
                    ", ",
                    present.stream()
                            .map(k -> notApplicable.contains(k) ? k + " (not applicable)" : k)
                            .toList());
        }
    }

    /** An evidence kind a control lists but the ledger lacks, whether the policy required it, and why it may be absent. */
    public record MissingKind(String kind, boolean required, String why) {}

    /**
     * The story of a release still being recorded, for Jenkins' pages: what {@code relgov verify} would tell if
     * the release were sealed now, read against the policy it started with.
     */
    public static ReleaseStory live(LedgerView ledger, LoadedPolicy policy, Instant now) {
        ObjectNode manifest =
                LedgerEvent.JSON.createObjectNode().put("sealedAt", "").put("sealedBy", "");
        manifest.set("controls", ReleaseEvidence.manifestControls(policy.policy()));
        return of(ledger, manifest, policy, now);
    }

    /**
     * Tells the story of {@code ledger}.
     *
     * @param manifest     the bundle's manifest (sealing time, the policy's controls)
     * @param bundled      the policy inside the bundle, or null when it could not be loaded
     * @param verifiedAt   now, to say whether an open review's deadline has passed since sealing
     */
    static ReleaseStory of(LedgerView ledger, JsonNode manifest, LoadedPolicy bundled, Instant verifiedAt) {
        ReleaseStarted started = ledger.started();
        String sealedAtText = LedgerView.text(manifest.path("sealedAt"));
        Instant sealedAt = instant(sealedAtText).orElseGet(() -> lastEventTime(ledger));
        Tier tier = tier(bundled, started.tier());
        List<String> notes = new ArrayList<>();

        List<Approval> approvals = ledger.approvals().stream()
                .map(a -> new Approval(
                        a.role(),
                        a.approver(),
                        a.approved() ? "approve" : "reject",
                        a.reason(),
                        a.event().time(),
                        a.event().seq()))
                .toList();
        List<PostHocReview> reviews = new ArrayList<>();
        List<Request> requests = requests(ledger, sealedAt, verifiedAt, reviews, notes);
        if (reviews.isEmpty()
                && tier != null
                && tier.postHocReview() != null
                && !tier.postHocReview().roles().isEmpty()) {
            var r = tier.postHocReview();
            reviews.add(new PostHocReview(
                    "AFTER_RELEASE",
                    r.roles(),
                    "within " + r.within() + " of approval",
                    "NOT_RECORDED",
                    r.roles(),
                    List.of(),
                    false));
            notes.add("tier " + started.tier()
                    + " requires a post-hoc review; no approval request in the ledger opened one");
        }
        List<Deployment> deployments = ledger.ofType(EventType.DEPLOYMENT).stream()
                .map(e -> new Deployment(
                        LedgerView.text(e.payload().path("environment")),
                        LedgerView.text(e.payload().path("version")),
                        e.actor(),
                        e.time(),
                        e.seq()))
                .toList();
        List<Analysis> analyses = ledger.evidence().stream()
                .filter(i -> i.kind().equals("post-deploy-analysis"))
                .map(i -> new Analysis(
                        LedgerView.text(i.record().path("phase")),
                        LedgerView.text(i.record().path("reason")),
                        i.event().time(),
                        i.event().seq()))
                .toList();
        // the CLI demo and the plugin's autoRollback name the same facts differently
        List<Rollback> rollbacks = ledger.ofType(EventType.ROLLBACK).stream()
                .map(e -> new Rollback(
                        LedgerView.text(e.payload().path("environment")),
                        LedgerView.firstText(e.payload(), "from", "version"),
                        LedgerView.firstText(e.payload(), "to", "rollbackTo"),
                        LedgerView.firstText(e.payload(), "reason", "trigger"),
                        e.actor(),
                        e.time(),
                        e.seq()))
                .toList();
        List<ReviewEvent> reviewEvents = ledger.ofType(EventType.REVIEW).stream()
                .filter(e -> !e.payload().has("request") || !e.payload().has("event"))
                .map(e -> new ReviewEvent(e.actor(), LedgerView.text(e.payload()), e.time(), e.seq()))
                .toList();

        ChangeTrace trace = ChangeTrace.of(ledger);
        Set<String> recorded = trace.provenKinds(ledger);
        RequiredEvidence required = null;
        Set<String> requiredKinds = Set.of();
        if (tier != null) {
            requiredKinds = new LinkedHashSet<>(tier.requiredEvidence());
            requiredKinds.addAll(bundled.policy().gates().requiredEvidence());
            required = new RequiredEvidence(
                    List.copyOf(requiredKinds),
                    requiredKinds.stream().filter(k -> !recorded.contains(k)).toList());
        }
        List<ControlCoverage> controls = ControlAssessment.assess(
                manifest.path("controls"), ledger, trace, requiredKinds, tier == null ? null : started.tier());

        Outcome outcome = outcome(approvals, requests, deployments, analyses, rollbacks);
        String headline = headline(outcome, approvals, requests, deployments, analyses, rollbacks, reviews);
        return new ReleaseStory(
                started.name() + " " + started.version(),
                started.tier(),
                started.policyName(),
                sealedAtText,
                LedgerView.text(manifest.path("sealedBy")),
                outcome,
                headline,
                approvals,
                requests,
                deployments,
                analyses,
                rollbacks,
                reviews,
                reviewEvents,
                trace.fields(),
                required,
                controls,
                notes);
    }

    private static Tier tier(LoadedPolicy bundled, String tierId) {
        if (bundled == null) {
            return null;
        }
        try {
            return bundled.policy().tier(TierKind.of(tierId)).orElse(null);
        } catch (IllegalArgumentException e) {
            return null; // a tier the policy does not know: the policy check says so
        }
    }

    /**
     * Replays each approval request from the engine's own events, which every approval entry carries,
     * so the story says what the engine decided (and which reviews it opened), not a second reading of it.
     */
    private static List<Request> requests(
            LedgerView ledger, Instant sealedAt, Instant verifiedAt, List<PostHocReview> reviews, List<String> notes) {
        Map<String, ArrayNode> logs = new LinkedHashMap<>();
        for (LedgerEvent e : ledger.events()) {
            JsonNode p = e.payload();
            JsonNode holder =
                    switch (EventType.of(e.type()).orElseThrow()) {
                        case APPROVAL_DECIDED, APPROVAL_REFUSED, REVIEW -> p;
                        case EVIDENCE_RECORDED ->
                            APPROVAL_RECORDS.contains(LedgerView.text(p.path("kind"))) ? p.path("record") : null;
                        default -> null;
                    };
            if (holder != null && holder.has("request") && holder.path("event").isObject()) {
                logs.computeIfAbsent(LedgerView.text(holder.path("request")), k -> LedgerEvent.JSON.createArrayNode())
                        .add(holder.get("event"));
            }
        }
        List<Request> out = new ArrayList<>();
        for (var log : logs.entrySet()) {
            ApprovalState state;
            try {
                state = ApprovalState.fold(ApprovalJson.read(log.getValue().toString()));
            } catch (
                    RuntimeException
                            e) { // untrusted input: whatever the engine refuses to replay is a note, not a crash
                notes.add("approval request " + log.getKey()
                        + ": its recorded events do not replay through the approval engine ("
                        + firstLine(e.getMessage()) + ")");
                continue;
            }
            var settled = state.settlement();
            out.add(new Request(
                    log.getKey(),
                    state.spec().environment(),
                    state.status().name(),
                    settled.map(s -> s.at().toString()).orElse(""),
                    settled.map(s -> s.by() == null ? "" : s.by()).orElse(""),
                    settled.map(s -> s.reason()).orElse("still open when sealed")));
            for (Review r : state.reviews()) {
                Review.Status status = r.status(sealedAt);
                boolean passedSince = !r.complete()
                        && verifiedAt != null
                        && verifiedAt.isAfter(r.deadline())
                        && status == Review.Status.OPEN;
                reviews.add(new PostHocReview(
                        r.kind().name(),
                        r.roles(),
                        r.deadline().toString(),
                        status.name(),
                        r.missingRoles(),
                        r.signoffs().stream()
                                .map(s -> s.userId() + " (" + s.role() + ")")
                                .toList(),
                        passedSince));
            }
        }
        return out;
    }

    private static final Set<String> APPROVAL_RECORDS =
            Set.of("approval-request", "break-glass", "approval-timeout", "approval-withdrawn", "approval-superseded");

    private static Outcome outcome(
            List<Approval> approvals,
            List<Request> requests,
            List<Deployment> deployments,
            List<Analysis> analyses,
            List<Rollback> rollbacks) {
        if (!rollbacks.isEmpty()) {
            return Outcome.ROLLED_BACK;
        }
        if (!deployments.isEmpty() || !analyses.isEmpty()) {
            return Outcome.DEPLOYED;
        }
        boolean refused = approvals.stream().anyMatch(a -> a.decision().equals("reject"))
                || requests.stream()
                        .anyMatch(r -> Set.of("REJECTED", "TIMED_OUT", "CANCELLED", "SUPERSEDED")
                                .contains(r.status()));
        if (refused) {
            return Outcome.NOT_APPROVED;
        }
        boolean approved = !approvals.isEmpty()
                || requests.stream().anyMatch(r -> r.status().equals("APPROVED"));
        return approved ? Outcome.APPROVED : Outcome.NOTHING_RECORDED;
    }

    private static String headline(
            Outcome outcome,
            List<Approval> approvals,
            List<Request> requests,
            List<Deployment> deployments,
            List<Analysis> analyses,
            List<Rollback> rollbacks,
            List<PostHocReview> reviews) {
        List<String> parts = new ArrayList<>();
        List<String> approvers = approvals.stream()
                .filter(a -> a.decision().equals("approve"))
                .map(a -> a.approver() + " (" + a.role() + ")")
                .toList();
        List<String> rejecters = approvals.stream()
                .filter(a -> a.decision().equals("reject"))
                .map(a -> a.approver() + " (" + a.role() + ")")
                .toList();
        if (!approvers.isEmpty()) {
            parts.add("approved by " + String.join(", ", approvers));
        } else if (requests.stream().anyMatch(r -> r.status().equals("APPROVED"))) {
            parts.add("approved without approvers ("
                    + requests.stream()
                            .filter(r -> r.status().equals("APPROVED"))
                            .map(Request::reason)
                            .findFirst()
                            .orElse("")
                    + ")");
        } else {
            parts.add("no approval recorded");
        }
        if (!rejecters.isEmpty()) {
            parts.add("rejected by " + String.join(", ", rejecters));
        }
        requests.stream()
                .filter(r -> Set.of("TIMED_OUT", "CANCELLED", "SUPERSEDED").contains(r.status()))
                .forEach(r -> parts.add("approval request " + r.id() + " "
                        + r.status().toLowerCase(Locale.ROOT).replace('_', ' ')));
        if (!deployments.isEmpty()) {
            List<String> where = deployments.stream()
                    .map(Deployment::environment)
                    .filter(e -> !e.isEmpty())
                    .distinct()
                    .toList();
            parts.add(where.isEmpty() ? "deployed" : "deployed to " + String.join(", ", where));
        } else if (!analyses.isEmpty() || !rollbacks.isEmpty()) {
            parts.add("deployed (no deployment event; post-deploy analysis ran)");
        } else {
            parts.add("no deployment recorded");
        }
        analyses.forEach(a -> parts.add("post-deploy analysis " + a.phase()));
        rollbacks.forEach(r -> parts.add("ROLLED BACK" + (r.to().isEmpty() ? "" : " to " + r.to())
                + (r.reason().isEmpty() ? "" : " because " + r.reason())));
        long open = reviews.stream()
                .filter(r -> !r.status().startsWith("COMPLETED"))
                .count();
        if (!reviews.isEmpty()) {
            parts.add(open == 0 ? "post-hoc review done" : open + " post-hoc review(s) not done when sealed");
        }
        return outcome.name().replace('_', ' ') + ": " + String.join("; ", parts);
    }

    /** The story as console lines: a word of at most eight letters, then what it says. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        line(
                out,
                "release",
                release + " (tier " + tier + ", policy " + policy + "), sealed " + sealedAt + " by " + sealedBy);
        line(out, "outcome", headline);
        for (Approval a : approvals) {
            line(
                    out,
                    a.decision().equals("reject") ? "REJECTED" : "approved",
                    a.role() + " by " + a.approver() + " at " + a.time() + " (ledger seq " + a.seq() + ")"
                            + (a.reason().isEmpty() ? "" : ": " + a.reason()));
        }
        for (Request r : requests) {
            line(
                    out,
                    "request",
                    r.id() + " to " + r.environment() + ": " + r.status()
                            + (r.settledAt().isEmpty() ? "" : " at " + r.settledAt())
                            + (r.settledBy().isEmpty() ? "" : " by " + r.settledBy())
                            + " (" + r.reason() + ")");
        }
        for (Deployment d : deployments) {
            line(
                    out,
                    "deployed",
                    (d.environment() + " " + d.version()).strip() + " by " + d.actor() + " at " + d.time()
                            + " (ledger seq " + d.seq() + ")");
        }
        for (Analysis a : analyses) {
            line(out, "analysis", a.phase() + " at " + a.time() + " (ledger seq " + a.seq() + "): " + a.reason());
        }
        for (Rollback r : rollbacks) {
            String fromTo = r.from().isEmpty() && r.to().isEmpty() ? "" : " " + r.from() + " -> " + r.to();
            line(
                    out,
                    "ROLLBACK",
                    (r.environment() + fromTo).strip() + " by " + r.actor() + " at " + r.time() + " (ledger seq "
                            + r.seq() + ")" + (r.reason().isEmpty() ? "" : ": " + r.reason()));
        }
        for (PostHocReview r : reviews) {
            String state =
                    switch (r.status()) {
                        case "NOT_RECORDED" -> "NOT RECORDED";
                        case "OPEN" ->
                            "OPEN when sealed"
                                    + (r.deadlinePassed()
                                            ? "; its deadline has passed since, and this bundle cannot show a later review"
                                            : "");
                        case "OVERDUE" -> "OVERDUE when sealed";
                        case "COMPLETED_LATE" -> "done late";
                        default -> "done";
                    };
            line(
                    out,
                    "review",
                    r.kind().toLowerCase(Locale.ROOT).replace('_', '-') + " review by " + String.join(", ", r.roles())
                            + ", due " + r.due() + ": " + state
                            + (r.reviewers().isEmpty() ? "" : "; reviewed by " + String.join(", ", r.reviewers()))
                            + (r.missing().isEmpty() || r.status().equals("NOT_RECORDED")
                                    ? ""
                                    : "; missing " + String.join(", ", r.missing())));
        }
        for (ReviewEvent r : reviewEvents) {
            line(
                    out,
                    "reviewed",
                    "by " + r.actor() + " at " + r.time() + " (ledger seq " + r.seq() + "): " + r.facts());
        }
        for (ChangeTrace.Field f : change) {
            line(
                    out,
                    "change",
                    f.field() + ": "
                            + (f.present() ? f.value() + ChangeTrace.where(f.seqs()) : "MISSING: " + f.missing()));
        }
        if (required != null) {
            line(
                    out,
                    "evidence",
                    required.kinds().isEmpty()
                            ? "tier " + tier + " requires no evidence kind"
                            : "tier " + tier + " requires " + String.join(", ", required.kinds()) + ": "
                                    + (required.missing().isEmpty()
                                            ? "all recorded"
                                            : "MISSING " + String.join(", ", required.missing()))
                                    + "; a control below may list further kinds that can support it but are not required");
        }
        for (ControlCoverage c : controls) {
            String head = c.id() + " (" + c.framework() + ", " + c.title() + "): ";
            String body =
                    switch (c.status()) {
                        case "EVIDENCED" -> "evidenced by " + c.presentText();
                        case "NOT_EVIDENCED" -> "NOT EVIDENCED";
                        default -> "partly evidenced by " + c.presentText();
                    };
            List<String> missing = c.missing().stream()
                    .map(m -> m.kind() + (m.why().isEmpty() ? "" : " (" + m.why() + ")"))
                    .toList();
            line(
                    out,
                    "control",
                    head
                            + body
                            + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                            + (c.crosswalk().isEmpty() ? "" : "; corresponds to " + String.join(", ", c.crosswalk())));
        }
        notes.forEach(n -> line(out, "note", n));
        return out;
    }

    private static void line(List<String> out, String word, String text) {
        out.add(String.format("%-8s %s", word, text));
    }

    private static Optional<Instant> instant(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant lastEventTime(LedgerView ledger) {
        return instant(ledger.events().get(ledger.size() - 1).time()).orElse(Instant.EPOCH);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
