package io.jenkins.plugins.relgov.policy;

import java.util.List;

/**
 * A compliance control and the evidence kinds that demonstrate it.
 *
 * @param id        e.g. {@code ISO27001-A.12}
 * @param framework e.g. ISO 27001
 * @param title     e.g. Change Management
 * @param evidence  evidence kinds that support it (release-log, signature, approval ...), recorded or derived from the
 *                  ledger (change-reason, segregation-of-duties ...: see the admin guide)
 * @param crosswalk ids of other controls of the policy that this one corresponds to, e.g. a customer's
 *                  {@code ISO27001-A.12} (the 2013 edition) to {@code ISO27001-2022-A.8.32}, which replaced it
 */
public record Control(String id, String framework, String title, List<String> evidence, List<String> crosswalk) {
    public Control {
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
        crosswalk = List.copyOf(crosswalk == null ? List.of() : crosswalk);
    }

    public Control(String id, String framework, String title, List<String> evidence) {
        this(id, framework, title, evidence, List.of());
    }
}
