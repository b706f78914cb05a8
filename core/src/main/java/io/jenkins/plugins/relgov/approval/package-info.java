/**
 * The {@code requireApproval} engine: multi-role quorum, optional order, segregation of duties,
 * break-glass and post-hoc reviews.
 *
 * <p>The state of a request is an event log ({@link io.jenkins.plugins.relgov.approval.ApprovalEvent})
 * and a pure fold over it ({@link io.jenkins.plugins.relgov.approval.ApprovalState#fold}). The engine
 * ({@link io.jenkins.plugins.relgov.approval.Approvals}) never mutates anything: it reads a state and a
 * decision and answers with the events to append. A host (the Jenkins plugin) persists the events and
 * rebuilds the state after a restart by folding them again.
 */
package io.jenkins.plugins.relgov.approval;
