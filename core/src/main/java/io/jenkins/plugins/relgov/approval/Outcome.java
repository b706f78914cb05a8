package io.jenkins.plugins.relgov.approval;

import java.util.List;

/**
 * The engine's answer: the events to append to the log (a refusal is an event too), whether the
 * decision was accepted, a message for the person, and the state once the events are applied.
 */
public record Outcome(List<ApprovalEvent> events, boolean accepted, String message, ApprovalState state) {
    public Outcome {
        events = List.copyOf(events);
    }
}
