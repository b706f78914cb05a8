package io.jenkins.plugins.relgov.policy;

/** A recurring review or audit a role owes (CISO: release security audit, quarterly). */
public record ReviewDuty(String role, String responsibility, String frequency) {}
