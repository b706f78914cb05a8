package io.jenkins.plugins.relgov.approval;

import java.time.Instant;

/**
 * How and when a request stopped being open.
 *
 * @param status the final status
 * @param at     when
 * @param by     who settled it (the rejecter, the break-glass administrator, the canceller), or null
 *               when the rules did (quorum met, no approval required, replayed build, timeout)
 * @param reason why, in words
 */
public record Settlement(ApprovalStatus status, Instant at, String by, String reason) {}
