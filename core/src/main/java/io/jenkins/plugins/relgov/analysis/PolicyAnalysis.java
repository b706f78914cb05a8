package io.jenkins.plugins.relgov.analysis;

import io.jenkins.plugins.relgov.policy.MetricRule;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PostDeploy;
import io.jenkins.plugins.relgov.policy.Threshold;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles a policy's post-deploy section into an analysis. Rules on the same metric and query become one
 * metric: the rollback trigger ({@code error-rate > 5%}) is its failureCondition ({@code result[0] > 0.05}),
 * the quality rule ({@code error-rate < 2%}) its successCondition ({@code result[0] < 0.02}). A value between
 * the two, or NaN, is Inconclusive: the release is not healthy enough to call good, nor bad enough to roll
 * back on its own, which is what Argo's Inconclusive means. A trigger without a quality rule succeeds when the
 * trigger does not hold; a quality rule without a trigger never fails the release, it is Inconclusive when broken.
 * Percent thresholds compare to ratios (the queries return 0.05 for 5%), millisecond thresholds to milliseconds.
 */
public final class PolicyAnalysis {

    private PolicyAnalysis() {}

    /**
     * What a pipeline step may set over the policy's rules (it cannot remove rules or change thresholds).
     *
     * @param prometheus            Prometheus' address
     * @param interval              time between measurements (default 1m)
     * @param failureLimit          failed measurements tolerated per metric (default 0)
     * @param inconclusiveLimit     inconclusive measurements tolerated per metric (default -1: keep watching, decide
     *                              Inconclusive at the end if quality was ever missed)
     * @param consecutiveErrorLimit consecutive query errors tolerated (default 4)
     * @param window                total analysis time (default the policy's monitoringWindow)
     * @param initialDelay          wait before the first measurement (default none)
     * @param emptyResult           what an empty query result counts as (default Inconclusive)
     * @param queryTimeout          per query (default 30s)
     * @param healthChecks          health-check URLs with their expected status
     */
    public record Overrides(
            URI prometheus,
            Duration interval,
            Integer failureLimit,
            Integer inconclusiveLimit,
            Integer consecutiveErrorLimit,
            Duration window,
            Duration initialDelay,
            AnalysisPhase emptyResult,
            Duration queryTimeout,
            List<HealthCheckRule> healthChecks) {
        public Overrides {
            Objects.requireNonNull(prometheus, "Prometheus address");
            healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
        }

        /** The defaults for a Prometheus address. */
        public static Overrides of(URI prometheus) {
            return new Overrides(prometheus, null, null, null, null, null, null, null, null, null);
        }

        public Overrides withInterval(Duration d) {
            return new Overrides(
                    prometheus,
                    d,
                    failureLimit,
                    inconclusiveLimit,
                    consecutiveErrorLimit,
                    window,
                    initialDelay,
                    emptyResult,
                    queryTimeout,
                    healthChecks);
        }

        public Overrides withLimits(Integer failures, Integer inconclusives, Integer consecutiveErrors) {
            return new Overrides(
                    prometheus,
                    interval,
                    failures,
                    inconclusives,
                    consecutiveErrors,
                    window,
                    initialDelay,
                    emptyResult,
                    queryTimeout,
                    healthChecks);
        }

        public Overrides withWindow(Duration d) {
            return new Overrides(
                    prometheus,
                    interval,
                    failureLimit,
                    inconclusiveLimit,
                    consecutiveErrorLimit,
                    d,
                    initialDelay,
                    emptyResult,
                    queryTimeout,
                    healthChecks);
        }

        public Overrides withInitialDelay(Duration d) {
            return new Overrides(
                    prometheus,
                    interval,
                    failureLimit,
                    inconclusiveLimit,
                    consecutiveErrorLimit,
                    window,
                    d,
                    emptyResult,
                    queryTimeout,
                    healthChecks);
        }

        public Overrides withEmptyResult(AnalysisPhase p) {
            return new Overrides(
                    prometheus,
                    interval,
                    failureLimit,
                    inconclusiveLimit,
                    consecutiveErrorLimit,
                    window,
                    initialDelay,
                    p,
                    queryTimeout,
                    healthChecks);
        }

        public Overrides withQueryTimeout(Duration d) {
            return new Overrides(
                    prometheus,
                    interval,
                    failureLimit,
                    inconclusiveLimit,
                    consecutiveErrorLimit,
                    window,
                    initialDelay,
                    emptyResult,
                    d,
                    healthChecks);
        }

        public Overrides withHealthChecks(List<HealthCheckRule> checks) {
            return new Overrides(
                    prometheus,
                    interval,
                    failureLimit,
                    inconclusiveLimit,
                    consecutiveErrorLimit,
                    window,
                    initialDelay,
                    emptyResult,
                    queryTimeout,
                    checks);
        }
    }

    /** A health check: GET {@code url} must answer {@code expectedStatus}. */
    public record HealthCheckRule(String name, URI url, int expectedStatus) {
        public HealthCheckRule {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("health check name must be a plain name, got '" + name + "'");
            }
        }
    }

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /**
     * Builds the analysis for a policy.
     *
     * @throws IllegalArgumentException when the policy has no post-deploy rules, a rule has no query, or the
     *                                  overrides would detect a breach later than the policy's reactionTime
     */
    public static AnalysisSpec compile(Policy policy, Overrides o) {
        PostDeploy post = policy.postDeploy();
        Duration interval = o.interval() == null ? DEFAULT_INTERVAL : o.interval();
        int failureLimit = o.failureLimit() == null ? 0 : o.failureLimit();
        int inconclusiveLimit = o.inconclusiveLimit() == null ? -1 : o.inconclusiveLimit();
        int errorLimit = o.consecutiveErrorLimit() == null
                ? MetricSpec.DEFAULT_CONSECUTIVE_ERROR_LIMIT
                : o.consecutiveErrorLimit();
        Duration window = o.window() != null ? o.window() : post.monitoringWindow();
        if (window == null) {
            throw new IllegalArgumentException(
                    "policy '" + policy.name() + "' sets no postDeploy.monitoringWindow: give a window");
        }
        checkReactionTime(policy, post, interval, failureLimit, errorLimit, o.initialDelay(), o.queryTimeout());

        Map<String, MetricRule[]> byMetric = new LinkedHashMap<>(); // [quality, trigger]
        for (MetricRule q : post.quality()) {
            slot(byMetric, policy, q, "quality")[0] = q;
        }
        for (MetricRule t : post.rollbackTriggers()) {
            slot(byMetric, policy, t, "rollbackTriggers")[1] = t;
        }
        List<MetricSpec> metrics = new ArrayList<>();
        for (Map.Entry<String, MetricRule[]> entry : byMetric.entrySet()) {
            MetricRule[] pair = entry.getValue();
            MetricRule any = pair[1] != null ? pair[1] : pair[0];
            String success =
                    pair[0] != null ? condition(pair[0].threshold(), false) : condition(pair[1].threshold(), true);
            String failure = pair[1] != null ? condition(pair[1].threshold(), false) : "false";
            Provider provider = new Provider.PrometheusQuery(o.prometheus(), any.query(), o.queryTimeout());
            metrics.add(new MetricSpec(
                    entry.getKey(),
                    provider,
                    Condition.compile(success),
                    Condition.compile(failure),
                    interval,
                    null,
                    o.initialDelay(),
                    failureLimit,
                    inconclusiveLimit,
                    errorLimit,
                    o.emptyResult()));
        }
        for (HealthCheckRule h : o.healthChecks()) {
            // no failed health checks: one failed check is a failure when the policy says they must pass
            int tolerated = post.healthChecksMustPass() ? 0 : failureLimit;
            metrics.add(new MetricSpec(
                    "health:" + h.name(),
                    new Provider.HealthCheck(h.url(), h.expectedStatus(), o.queryTimeout()),
                    Condition.compile("result == " + h.expectedStatus()),
                    null,
                    interval,
                    null,
                    o.initialDelay(),
                    tolerated,
                    inconclusiveLimit,
                    errorLimit,
                    o.emptyResult()));
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("policy '" + policy.name()
                    + "' has no postDeploy quality rules or rollbackTriggers and no health check was given");
        }
        return new AnalysisSpec(metrics, window);
    }

    /** What the analysis will not check although the policy asks for it (shown to the pipeline author). */
    public static List<String> warnings(Policy policy, Overrides o) {
        List<String> warnings = new ArrayList<>();
        if (policy.postDeploy().healthChecksMustPass() && o.healthChecks().isEmpty()) {
            warnings.add("policy '" + policy.name() + "' requires health checks to pass, but no health-check URL was"
                    + " given, so none is checked");
        }
        return warnings;
    }

    private static MetricRule[] slot(Map<String, MetricRule[]> byMetric, Policy policy, MetricRule rule, String list) {
        if (rule.query() == null || rule.query().isBlank()) {
            throw new IllegalArgumentException("policy '" + policy.name() + "' postDeploy." + list + " metric '"
                    + rule.metric() + "' has no query");
        }
        String key = rule.metric();
        MetricRule[] existing = byMetric.get(key);
        if (existing != null) {
            MetricRule other = existing[0] != null ? existing[0] : existing[1];
            if (!other.query().strip().equals(rule.query().strip())) {
                key = rule.metric() + "-" + list; // same name, different query: measure both
            }
        }
        return byMetric.computeIfAbsent(key, k -> new MetricRule[2]);
    }

    /** {@code > 5%} gives {@code result[0] > 0.05}; negated, {@code result[0] <= 0.05}. */
    static String condition(Threshold t, boolean negate) {
        String op =
                switch (t.comparison()) {
                    case GT -> negate ? "<=" : ">";
                    case GE -> negate ? "<" : ">=";
                    case LT -> negate ? ">=" : "<";
                    case LE -> negate ? ">" : "<=";
                    case EQ -> negate ? "!=" : "==";
                };
        return "result[0] " + op + " " + Sample.format(t.valueAsRatio());
    }

    /**
     * A breach must be detectable within the policy's reactionTime: failureLimit + 1 intervals after onset. While
     * Prometheus errors no breach is seen, and only the outage's own Error makes autoRollback react: the first
     * failing query comes an interval after the last good one, each retry {@link AnalysisRunner#retryAfterError}
     * later, and a hung Prometheus errors only when a query times out, so each try lasts up to the query timeout.
     */
    private static void checkReactionTime(
            Policy policy,
            PostDeploy post,
            Duration interval,
            int failureLimit,
            int errorLimit,
            Duration initialDelay,
            Duration queryTimeout) {
        if (post.reactionTime() == null || post.rollbackTriggers().isEmpty()) {
            return;
        }
        Duration delay = initialDelay == null ? Duration.ZERO : initialDelay;
        Duration worst = interval.multipliedBy(failureLimit + 1L).plus(delay);
        if (worst.compareTo(post.reactionTime()) > 0) {
            throw new IllegalArgumentException("interval " + AnalysisRunner.format(interval) + " with failureLimit "
                    + failureLimit + " detects a breach only after up to " + AnalysisRunner.format(worst)
                    + ", later than policy '" + policy.name() + "' reactionTime "
                    + AnalysisRunner.format(post.reactionTime()));
        }
        Duration timeout = queryTimeout == null ? Provider.DEFAULT_TIMEOUT : queryTimeout;
        Duration retry = AnalysisRunner.retryAfterError(interval);
        Duration blind = interval.plus(timeout)
                .plus(retry.plus(timeout).multipliedBy(errorLimit))
                .plus(delay);
        if (blind.compareTo(post.reactionTime()) > 0) {
            throw new IllegalArgumentException("interval " + AnalysisRunner.format(interval) + " and query timeout "
                    + AnalysisRunner.format(timeout) + " with consecutiveErrorLimit " + errorLimit
                    + " leave a Prometheus outage unanswered for up to "
                    + AnalysisRunner.format(blind) + ", later than policy '" + policy.name() + "' reactionTime "
                    + AnalysisRunner.format(post.reactionTime()));
        }
    }
}
