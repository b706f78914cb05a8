package io.jenkins.plugins.relgov.policy;

/** A pre-deployment check and the role responsible for it. */
public record ChecklistItem(String id, String check, String responsible) {}
