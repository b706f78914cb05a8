package io.jenkins.plugins.relgov.policy;

/** {@code count} distinct eligible members of {@code role} must approve. */
public record ApprovalRule(String role, int count) {}
