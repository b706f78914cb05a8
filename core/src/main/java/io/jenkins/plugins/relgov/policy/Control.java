package io.jenkins.plugins.relgov.policy;

import java.util.List;

/**
 * A compliance control and the evidence kinds that demonstrate it.
 *
 * @param id        e.g. {@code ISO27001-A.12}
 * @param framework e.g. ISO 27001
 * @param title     e.g. Change Management
 * @param evidence  evidence kinds that support it (release-log, signature, approval ...)
 */
public record Control(String id, String framework, String title, List<String> evidence) {
    public Control {
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
    }
}
