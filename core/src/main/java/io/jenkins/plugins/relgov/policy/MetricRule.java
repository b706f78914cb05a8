package io.jenkins.plugins.relgov.policy;

/**
 * A post-deploy metric and its limit.
 *
 * @param metric    the metric's name in the policy (error-rate, latency, tenant-impact)
 * @param threshold for quality rules, what a healthy value satisfies; for rollback triggers, what a breach is
 * @param query     the PromQL that measures it (may be null when the pipeline supplies it)
 */
public record MetricRule(String metric, Threshold threshold, String query) {}
