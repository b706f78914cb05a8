package io.jenkins.plugins.relgov.approval;

import java.io.Serializable;

/** {@code count} distinct eligible members of {@code role} must approve. */
public record RoleQuota(String role, int count) implements Serializable {}
