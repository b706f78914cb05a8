package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.approval.ApprovalEvent;
import io.jenkins.plugins.relgov.approval.ApprovalJson;
import io.jenkins.plugins.relgov.approval.ApprovalRules;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.Members;
import io.jenkins.plugins.relgov.approval.Missing;
import io.jenkins.plugins.relgov.approval.RoleQuota;
import java.util.ArrayList;
import java.util.List;

/**
 * How an approval request's events enter a release's ledger. Quorum decisions become
 * {@code approval-decided} (approve or reject: what {@link PolicyCompliance} counts), refused attempts
 * {@code approval-refused}, post-hoc review sign-offs {@code review}; the request's opening, a break-glass
 * approval, a timeout and a withdrawal become structured evidence records ({@code evidence-recorded},
 * kinds {@code approval-request}, {@code break-glass}, {@code approval-timeout}, {@code approval-withdrawn}, {@code approval-superseded})
 * so that none of them ever counts as an approval. Every payload carries the engine's own event.
 */
public final class ApprovalEvidence {

    /** One ledger append. */
    public record Entry(EventType type, String actor, ObjectNode payload) {}

    private ApprovalEvidence() {}

    /**
     * The ledger entries for {@code events}, which the engine just appended to request {@code requestId}
     * giving the state {@code after}.
     *
     * @param approvalControls the control ids the policy maps the {@code approval} evidence kind to
     */
    public static List<Entry> entries(
            String requestId,
            ApprovalState after,
            List<? extends ApprovalEvent> events,
            List<String> approvalControls) {
        List<Entry> entries = new ArrayList<>(events.size());
        String environment = after.spec().environment();
        for (ApprovalEvent e : events) {
            ObjectNode p = LedgerEvent.JSON.createObjectNode();
            if (e instanceof ApprovalEvent.Approved a) {
                p.put("role", a.role())
                        .put("approver", a.userId())
                        .put("decision", "approve")
                        .put("via", a.via())
                        .put("reason", a.comment());
                controls(p, approvalControls);
                entries.add(decision(EventType.APPROVAL_DECIDED, a.userId(), p, requestId, environment, e));
            } else if (e instanceof ApprovalEvent.Rejected r) {
                p.put("role", roleOf(after.rules(), r.via()))
                        .put("approver", r.userId())
                        .put("decision", "reject")
                        .put("via", r.via())
                        .put("reason", r.reason());
                controls(p, approvalControls);
                entries.add(decision(EventType.APPROVAL_DECIDED, r.userId(), p, requestId, environment, e));
            } else if (e instanceof ApprovalEvent.Refused r) {
                p.put("role", r.role())
                        .put("user", r.userId())
                        .put("reason", r.message())
                        .put("code", r.reason().name())
                        .put("action", r.action().name());
                entries.add(decision(EventType.APPROVAL_REFUSED, r.userId(), p, requestId, environment, e));
            } else if (e instanceof ApprovalEvent.ReviewCompleted rc) {
                p.put("review", rc.review().name())
                        .put("role", rc.role())
                        .put("reviewer", rc.userId())
                        .put("via", rc.via())
                        .put("comment", rc.comment());
                entries.add(decision(EventType.REVIEW, rc.userId(), p, requestId, environment, e));
            } else {
                String kind = "approval-request";
                String actor = "jenkins";
                if (e instanceof ApprovalEvent.BreakGlass b) {
                    kind = "break-glass";
                    actor = b.userId();
                } else if (e instanceof ApprovalEvent.TimedOut) {
                    kind = "approval-timeout";
                } else if (e instanceof ApprovalEvent.Cancelled c) {
                    kind = "approval-withdrawn";
                    actor = c.userId() == null ? "jenkins" : c.userId();
                } else if (e instanceof ApprovalEvent.Superseded) {
                    kind = "approval-superseded";
                }
                p.put("kind", kind).putArray("controls");
                ObjectNode rec = p.putObject("record");
                rec.put("request", requestId)
                        .put("environment", environment)
                        .put("status", after.status().name());
                ArrayNode missing = rec.putArray("missing");
                for (Missing m : after.missing()) {
                    missing.add(m.toString());
                }
                rec.set("event", ApprovalJson.mapper().valueToTree(e));
                entries.add(new Entry(EventType.EVIDENCE_RECORDED, actor, p));
            }
        }
        return entries;
    }

    private static Entry decision(
            EventType type, String actor, ObjectNode p, String requestId, String environment, ApprovalEvent e) {
        p.put("request", requestId).put("environment", environment);
        p.set("event", ApprovalJson.mapper().valueToTree(e));
        return new Entry(type, actor, p);
    }

    private static void controls(ObjectNode p, List<String> ids) {
        ArrayNode a = p.putArray("controls");
        ids.forEach(a::add);
    }

    /** The required role a membership ({@code user:x} or {@code group:y}) counts for, first in policy order. */
    static String roleOf(ApprovalRules rules, String via) {
        if (via == null) {
            return null;
        }
        for (RoleQuota q : rules.quotas()) {
            Members m = rules.members().get(q.role());
            if (m != null
                    && (via.startsWith("user:") && m.users().contains(via.substring("user:".length()))
                            || via.startsWith("group:") && m.groups().contains(via.substring("group:".length())))) {
                return q.role();
            }
        }
        return null;
    }
}
