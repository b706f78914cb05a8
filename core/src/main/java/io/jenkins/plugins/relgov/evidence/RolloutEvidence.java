package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.analysis.AnalysisResult;
import io.jenkins.plugins.relgov.analysis.Measurement;
import io.jenkins.plugins.relgov.analysis.MetricResult;
import java.util.List;

/**
 * How what happens after a deploy enters a release's ledger, in one shape whoever writes it (the Jenkins
 * step, {@code relgov demo}): a post-deploy analysis that kept the release is an {@code evidence-recorded}
 * record of kind {@value #ANALYSIS_KIND}; one that rolled it back is a {@code rollback} event naming what was
 * rolled back to what, and why. Both carry the whole analysis, every measurement included.
 */
public final class RolloutEvidence {

    /** The evidence kind of a post-deploy analysis (what policies map to monitoring controls). */
    public static final String ANALYSIS_KIND = "post-deploy-analysis";

    private RolloutEvidence() {}

    /** The payload of an {@code evidence-recorded} event for an analysis that did not roll the release back. */
    public static ObjectNode analysis(AnalysisResult result, List<String> controls) {
        ObjectNode p = LedgerEvent.JSON.createObjectNode().put("kind", ANALYSIS_KIND);
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        p.set("record", record(result));
        return p;
    }

    /**
     * The payload of a {@code rollback} event.
     *
     * @param from     the version rolled back
     * @param to       the version rolled back to, or null when the policy names none
     * @param command  the rollback command as displayed, or null when the pipeline's own steps roll back
     * @param analysis the analysis that decided it, or null for a rollback decided by a person
     */
    public static ObjectNode rollback(
            String environment,
            String from,
            String to,
            String reason,
            String command,
            AnalysisResult analysis,
            List<String> controls) {
        ObjectNode p = LedgerEvent.JSON
                .createObjectNode()
                .put("environment", environment)
                .put("from", from)
                .put("to", to)
                .put("reason", reason)
                .put("command", command);
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        if (analysis != null) {
            p.set("analysis", record(analysis));
        }
        return p;
    }

    /** An analysis as recorded: its decision, times, each metric's outcome and every measurement. */
    public static ObjectNode record(AnalysisResult r) {
        ObjectNode o = LedgerEvent.JSON
                .createObjectNode()
                .put("phase", r.phase().label())
                .put("reason", r.reason())
                .put("startedAt", String.valueOf(r.startedAt()))
                .put("decidedAt", String.valueOf(r.decidedAt()));
        if (r.firstBreachAt() != null) {
            o.put("firstBreachAt", r.firstBreachAt().toString());
        }
        r.detectionLatency().ifPresent(d -> o.put("detectionLatencySeconds", d.toMillis() / 1000.0));
        ArrayNode metrics = o.putArray("metrics");
        for (MetricResult m : r.metrics()) {
            metrics.addObject()
                    .put("name", m.name())
                    .put("phase", m.phase().label())
                    .put("message", m.message());
        }
        ArrayNode ms = o.putArray("measurements");
        for (Measurement m : r.measurements()) {
            ms.addObject()
                    .put("metric", m.metric())
                    .put("at", m.finishedAt().toString())
                    .put("phase", m.phase().label())
                    .put("value", m.value())
                    .put("message", m.message());
        }
        return o;
    }
}
