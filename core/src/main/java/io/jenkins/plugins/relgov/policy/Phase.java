package io.jenkins.plugins.relgov.policy;

import java.util.List;

/** A phase of the release process and the deliverables it must archive. */
public record Phase(String id, String name, List<Deliverable> deliverables) {
    public Phase {
        deliverables = List.copyOf(deliverables == null ? List.of() : deliverables);
    }

    /**
     * A deliverable; {@code id} is the evidence kind under which it is recorded.
     * {@code required} false marks the policy's "if any" and "as required" deliverables.
     */
    public record Deliverable(String id, String name, boolean required) {}
}
