package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One change as an auditor traces it when they sample it: the fields they look for, each with its value and the
 * ledger seqs it comes from, or why it is missing; and the {@link DerivedEvidence} kinds those facts prove. Read only
 * from the ledger, so the summary of a sealed bundle can show it and the verifier can render it again. Its words are
 * part of summary format {@value Summary#V2}, which bundles are sealed with: a change to them is a new summary format.
 */
public final class ChangeTrace {

    /** The fields auditors sample, in the order they are shown. */
    public static final List<String> FIELDS = List.of(
            "change id",
            "reason",
            "security impact",
            "requester",
            "approvals",
            "segregation of duties",
            "tests and scans",
            "artifacts",
            "target environment",
            "deployment",
            "back-out plan",
            "back-out ran",
            "emergency");

    /**
     * A sampled field: what the ledger says ({@code value}) and where ({@code seqs}, ledger seqs), or, when
     * {@code missing} is not null, why nothing proves it.
     */
    public record Field(String field, String value, List<Long> seqs, String missing) {
        public Field {
            seqs = List.copyOf(seqs);
        }

        public boolean present() {
            return missing == null;
        }
    }

    /** How a derived kind stands: proven (or not applicable, which needs nothing), with where or why. */
    public record Proof(boolean proven, boolean applicable, String text) {}

    private static final Set<String> TEST_KINDS = Set.of("test-summary", "security-scan");

    private final List<Field> fields;
    private final Map<DerivedEvidence, Proof> proofs;

    private ChangeTrace(List<Field> fields, Map<DerivedEvidence, Proof> proofs) {
        this.fields = List.copyOf(fields);
        this.proofs = proofs;
    }

    public List<Field> fields() {
        return fields;
    }

    public Proof proof(DerivedEvidence kind) {
        return proofs.get(kind);
    }

    /**
     * Every evidence kind the ledger proves: the recorded ones and the derived ones that hold (or do not apply), and a
     * post-deploy analysis also when it is recorded inside the rollback it decided (as autoRollback records it).
     */
    public Set<String> provenKinds(LedgerView ledger) {
        Set<String> kinds = new LinkedHashSet<>(ledger.recordedKinds());
        if (!analysedRollbacks(ledger).isEmpty()) {
            kinds.add(RolloutEvidence.ANALYSIS_KIND);
        }
        proofs.forEach((k, p) -> {
            if (p.proven()) {
                kinds.add(k.kind());
            }
        });
        return kinds;
    }

    /** Rollbacks that carry the post-deploy analysis that decided them. */
    static List<LedgerEvent> analysedRollbacks(LedgerView ledger) {
        return ledger.ofType(EventType.ROLLBACK).stream()
                .filter(e -> e.payload().path("analysis").isObject())
                .toList();
    }

    public static ChangeTrace of(LedgerView ledger) {
        return new Reading(ledger).trace();
    }

    /** One pass over the ledger, collecting what the fields are told from. */
    private static final class Reading {
        final LedgerView ledger;
        final String tier;
        final Map<String, String> change = new LinkedHashMap<>();
        final Map<String, Long> changeSeq = new LinkedHashMap<>();
        String triggerer;
        long triggererSeq = -1;
        final List<String> commitAuthors = new ArrayList<>();
        String requestEnvironment;
        long requestEnvironmentSeq = -1;
        LedgerEvent breakGlass;

        Reading(LedgerView ledger) {
            this.ledger = ledger;
            ReleaseStarted started = ledger.started();
            this.tier = started == null ? "" : started.tier();
            for (LedgerView.EvidenceItem item : ledger.evidence()) {
                JsonNode rec = item.record();
                long seq = item.event().seq();
                if (item.kind().equals(ChangeRecord.KIND) && item.file() == null) {
                    ChangeRecord r = ChangeRecord.read(rec);
                    put("id", r.id(), seq);
                    put("reason", r.reason(), seq);
                    put("securityImpact", r.securityImpact(), seq);
                    put("requester", r.requester(), seq);
                    put("backoutPlan", r.backoutPlan(), seq);
                    put(
                            "emergency",
                            r.emergency() == null ? null : r.emergency().toString(),
                            seq);
                } else if (item.kind().equals("approval-request")) {
                    JsonNode spec = rec.path("event").path("spec");
                    if (triggerer == null
                            && !LedgerView.text(spec.path("triggerer")).isEmpty()) {
                        triggerer = LedgerView.text(spec.path("triggerer"));
                        triggererSeq = seq;
                    }
                    spec.path("commitAuthors").forEach(a -> commitAuthors.add(LedgerView.text(a)));
                    if (requestEnvironment == null
                            && !LedgerView.text(rec.path("environment")).isEmpty()) {
                        requestEnvironment = LedgerView.text(rec.path("environment"));
                        requestEnvironmentSeq = seq;
                    }
                } else if (item.kind().equals("break-glass") && breakGlass == null) {
                    breakGlass = item.event();
                }
            }
        }

        /** A later change record adds to or overrides an earlier one, field by field. */
        void put(String field, String value, long seq) {
            if (value != null) {
                change.put(field, value);
                changeSeq.put(field, seq);
            }
        }

        ChangeTrace trace() {
            List<Field> out = new ArrayList<>();
            Map<DerivedEvidence, Proof> proofs = new EnumMap<>(DerivedEvidence.class);
            Field id = changeField("change id", "id");
            Field reason = changeField("reason", "reason");
            Field impact = changeField("security impact", "securityImpact");
            Field requester = requester();
            Field approvals = approvals();
            Field sod = segregation(requester);
            Field environment = environment();
            Field deployment = deployment();
            Field backout = changeField("back-out plan", "backoutPlan");
            Field emergency = emergency(proofs);
            out.addAll(List.of(
                    id,
                    reason,
                    impact,
                    requester,
                    approvals,
                    sod,
                    tests(),
                    artifacts(),
                    environment,
                    deployment,
                    backout,
                    rollbacks(),
                    emergency));
            proofs.put(DerivedEvidence.CHANGE_ID, proof(id));
            proofs.put(DerivedEvidence.CHANGE_REASON, proof(reason));
            proofs.put(DerivedEvidence.SECURITY_IMPACT, proof(impact));
            proofs.put(DerivedEvidence.REQUESTER, proof(requester));
            proofs.put(DerivedEvidence.BACKOUT_PLAN, proof(backout));
            proofs.put(DerivedEvidence.SEGREGATION_OF_DUTIES, proof(sod));
            proofs.put(DerivedEvidence.TARGET_ENVIRONMENT, proof(environment));
            proofs.put(DerivedEvidence.DEPLOYMENT, proof(deployment));
            return new ChangeTrace(out, proofs);
        }

        static Proof proof(Field f) {
            return f.present()
                    ? new Proof(true, true, f.value() + where(f.seqs()))
                    : new Proof(false, true, f.missing());
        }

        Field changeField(String name, String field) {
            String v = change.get(field);
            return v == null
                    ? missing(
                            name,
                            "no change record gives it; a pipeline records it with recordEvidence type: '"
                                    + ChangeRecord.KIND + "', data: [" + field + ": '...']")
                    : new Field(name, v, List.of(changeSeq.get(field)), null);
        }

        Field requester() {
            if (change.containsKey("requester")) {
                return changeField("requester", "requester");
            }
            if (triggerer != null) {
                return new Field("requester", triggerer + " (started the build)", List.of(triggererSeq), null);
            }
            return missing("requester", "no change record or approval request names one");
        }

        Field approvals() {
            List<LedgerView.ApprovalDecision> all = ledger.approvals();
            if (all.isEmpty()) {
                return missing("approvals", "no approval decision recorded");
            }
            String v = all.stream()
                    .map(a -> a.approver() + " (" + a.role() + ") " + (a.approved() ? "approved" : "REJECTED") + " at "
                            + a.event().time() + (a.reason().isEmpty() ? "" : ": " + a.reason()))
                    .collect(Collectors.joining("; "));
            return new Field(
                    "approvals",
                    v,
                    seqs(all.stream().map(LedgerView.ApprovalDecision::event).toList()),
                    null);
        }

        /**
         * Approval independent of the requester and the implementer (PCI DSS 6.5.4, ISO 27001 A.5.3, EU 2024/1774
         * Art. 17): each approver one person in one role, none of them the requester, a commit author or a deployer.
         */
        Field segregation(Field requester) {
            List<LedgerView.ApprovalDecision> decisions = ledger.approvals().stream()
                    .filter(LedgerView.ApprovalDecision::approved)
                    .toList();
            List<LedgerEvent> refused = ledger.ofType(EventType.APPROVAL_REFUSED);
            List<Long> seqs = new ArrayList<>(seqs(
                    decisions.stream().map(LedgerView.ApprovalDecision::event).toList()));
            seqs.addAll(seqs(refused));
            seqs.sort(null);
            String refusals = refused.isEmpty()
                    ? ""
                    : "; " + refused.size() + " approval attempt(s) refused: "
                            + refused.stream()
                                    .map(e -> LedgerView.text(e.payload().path("user")) + " ("
                                            + LedgerView.text(e.payload().path("reason")) + ", seq " + e.seq() + ")")
                                    .collect(Collectors.joining(", "));
            if (decisions.isEmpty()) {
                return missing("segregation of duties", "no approval recorded" + refusals);
            }
            List<String> violations = new ArrayList<>();
            Map<String, String> roleOf = new LinkedHashMap<>();
            for (LedgerView.ApprovalDecision d : decisions) {
                String earlier = roleOf.putIfAbsent(key(d.approver()), d.role());
                if (earlier != null && !earlier.equals(d.role())) {
                    violations.add(d.approver() + " approved as both " + earlier + " and " + d.role());
                }
            }
            String requesterId = change.getOrDefault("requester", triggerer);
            // the build's starter counts as a requester too: a change record naming someone else cannot hide them
            Set<String> requesters = new LinkedHashSet<>();
            if (requesterId != null) {
                requesters.add(key(requesterId));
            }
            if (triggerer != null) {
                requesters.add(key(triggerer));
            }
            Set<String> deployers = ledger.ofType(EventType.DEPLOYMENT).stream()
                    .map(e -> key(e.actor()))
                    .collect(Collectors.toSet());
            Set<String> authors = commitAuthors.stream().map(ChangeTrace::key).collect(Collectors.toSet());
            for (String approver : roleOf.keySet()) {
                if (requesters.contains(approver)) {
                    violations.add(approver
                            + (approver.equals(key(triggerer)) && !approver.equals(key(requesterId))
                                    ? " started the build and approved it"
                                    : " requested the change and approved it"));
                }
                if (authors.contains(approver)) {
                    violations.add(approver + " authored commits of the release and approved it");
                }
                if (deployers.contains(approver)) {
                    violations.add(approver + " deployed the release and approved it");
                }
            }
            if (!violations.isEmpty()) {
                return new Field(
                        "segregation of duties",
                        null,
                        seqs,
                        "NOT respected: " + String.join("; ", violations) + refusals);
            }
            if (requesterId == null) {
                return new Field(
                        "segregation of duties",
                        null,
                        seqs,
                        "cannot be shown: the ledger names no requester to" + " compare the approvers with ("
                                + requester.missing() + ")" + refusals);
            }
            return new Field(
                    "segregation of duties",
                    roleOf.size() + " approver(s), each one person in one role; none is the"
                            + " requester (" + requesterId + ")" + (authors.isEmpty() ? "" : ", a commit author")
                            + " or a deployer"
                            + refusals,
                    seqs,
                    null);
        }

        Field tests() {
            List<LedgerView.EvidenceItem> items = ledger.evidence().stream()
                    .filter(i -> TEST_KINDS.contains(i.kind()))
                    .toList();
            if (items.isEmpty()) {
                return missing("tests and scans", "no test-summary or security-scan evidence recorded");
            }
            String v = items.stream()
                    .map(i -> i.kind() + " "
                            + (i.file() != null
                                    ? i.file().entry() + " sha256 " + i.file().sha256()
                                    : "record sha256 " + CanonicalJson.sha256Hex(i.record())))
                    .collect(Collectors.joining("; "));
            return new Field(
                    "tests and scans",
                    v,
                    seqs(items.stream().map(LedgerView.EvidenceItem::event).toList()),
                    null);
        }

        Field artifacts() {
            List<LedgerView.ArtifactSignature> signed = ledger.signatures();
            if (signed.isEmpty()) {
                return missing("artifacts", "no artifact signed");
            }
            String v = signed.stream()
                    .map(s -> s.artifact() + " sha256 " + s.sha256())
                    .collect(Collectors.joining("; "));
            return new Field(
                    "artifacts",
                    v,
                    seqs(signed.stream()
                            .map(LedgerView.ArtifactSignature::event)
                            .toList()),
                    null);
        }

        Field environment() {
            for (LedgerEvent d : ledger.ofType(EventType.DEPLOYMENT)) {
                String env = LedgerView.text(d.payload().path("environment"));
                if (!env.isEmpty()) {
                    return new Field("target environment", env, List.of(d.seq()), null);
                }
            }
            if (requestEnvironment != null) {
                return new Field(
                        "target environment",
                        requestEnvironment + " (the approval request's)",
                        List.of(requestEnvironmentSeq),
                        null);
            }
            return missing("target environment", "no deployment or approval request names one");
        }

        Field deployment() {
            List<LedgerEvent> deployed = ledger.ofType(EventType.DEPLOYMENT);
            if (deployed.isEmpty()) {
                return missing("deployment", "no deployment recorded");
            }
            List<String> parts = new ArrayList<>();
            for (LedgerEvent d : deployed) {
                String what = (LedgerView.text(d.payload().path("environment")) + " "
                                + LedgerView.text(d.payload().path("version")))
                        .strip();
                parts.add("deployed" + (what.isEmpty() ? "" : " " + what) + " by " + d.actor() + " at " + d.time());
            }
            List<LedgerEvent> all = new ArrayList<>(deployed);
            for (LedgerView.EvidenceItem a : ledger.evidence()) {
                if (a.kind().equals("post-deploy-analysis")) {
                    parts.add(
                            "post-deploy analysis " + LedgerView.text(a.record().path("phase")));
                    all.add(a.event());
                }
            }
            return new Field("deployment", String.join("; ", parts), seqs(all), null);
        }

        /** Whether the back-out ran is a fact either way, never missing. */
        Field rollbacks() {
            List<LedgerEvent> rollbacks = ledger.ofType(EventType.ROLLBACK);
            if (rollbacks.isEmpty()) {
                return new Field("back-out ran", "no: no rollback recorded", List.of(), null);
            }
            String v = rollbacks.stream()
                    .map(e -> {
                        JsonNode p = e.payload();
                        String to = LedgerView.firstText(p, "to", "rollbackTo");
                        String why = LedgerView.firstText(p, "reason", "trigger");
                        return "yes: rolled back" + (to.isEmpty() ? "" : " to " + to) + " by " + e.actor() + " at "
                                + e.time() + (why.isEmpty() ? "" : " because " + why);
                    })
                    .collect(Collectors.joining("; "));
            return new Field("back-out ran", v, seqs(rollbacks), null);
        }

        Field emergency(Map<DerivedEvidence, Proof> proofs) {
            List<String> why = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            if (tier.equals("emergency")) {
                why.add("tier emergency");
            }
            if ("true".equals(change.get("emergency"))) {
                why.add("the change record says so");
                seqs.add(changeSeq.get("emergency"));
            }
            if (breakGlass != null) {
                why.add("break-glass approval by " + breakGlass.actor() + " at " + breakGlass.time());
                seqs.add(breakGlass.seq());
            }
            if (why.isEmpty()) {
                proofs.put(DerivedEvidence.POST_HOC_APPROVAL, new Proof(true, false, "not an emergency change"));
                return new Field("emergency", "no (tier " + tier + ")", seqs, null);
            }
            List<LedgerEvent> reviews = ledger.ofType(EventType.REVIEW);
            String yes = "yes (" + String.join("; ", why) + ")";
            if (reviews.isEmpty()) {
                String missing = yes + "; no approval after implementation recorded (no review event)";
                proofs.put(DerivedEvidence.POST_HOC_APPROVAL, new Proof(false, true, missing));
                return new Field("emergency", null, seqs, missing);
            }
            seqs.addAll(seqs(reviews));
            String v = yes + "; approved after implementation by "
                    + reviews.stream()
                            .map(e -> {
                                String who = LedgerView.firstText(e.payload(), "reviewer");
                                String role = LedgerView.text(e.payload().path("role"));
                                return (who.isEmpty() ? e.actor() : who) + (role.isEmpty() ? "" : " (" + role + ")")
                                        + " at " + e.time();
                            })
                            .collect(Collectors.joining(", "));
            proofs.put(DerivedEvidence.POST_HOC_APPROVAL, new Proof(true, true, v + where(seqs(reviews))));
            return new Field("emergency", v, seqs, null);
        }

        static Field missing(String name, String why) {
            return new Field(name, null, List.of(), why);
        }
    }

    static String where(List<Long> seqs) {
        return seqs.isEmpty()
                ? ""
                : " (ledger seq " + seqs.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }

    private static List<Long> seqs(List<LedgerEvent> events) {
        return events.stream().map(LedgerEvent::seq).toList();
    }

    /** One person however the id is spelt, as the approval engine compares user ids by default. */
    private static String key(String userId) {
        return userId == null ? "" : userId.toLowerCase(Locale.ENGLISH);
    }
}
