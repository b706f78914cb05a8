package io.jenkins.plugins.relgov.policy;

import java.time.Duration;
import java.util.List;

/**
 * What happens after a deployment.
 *
 * @param monitoringWindow    how long the release is watched (seed 000: 48 h)
 * @param quality             metrics a healthy release must satisfy (error &lt; 2%, latency &lt; 500 ms)
 * @param rollbackTriggers    breaches that trigger an automatic rollback (error &gt; 5%, latency &gt; 10 s, tenant impact &gt; 10%)
 * @param reactionTime        how soon after a trigger the rollback must have happened (30 min)
 * @param healthChecksMustPass no failed health checks are tolerated
 */
public record PostDeploy(
        Duration monitoringWindow,
        List<MetricRule> quality,
        List<MetricRule> rollbackTriggers,
        Duration reactionTime,
        boolean healthChecksMustPass) {

    public static final PostDeploy NONE = new PostDeploy(null, null, null, null, false);

    public PostDeploy {
        quality = List.copyOf(quality == null ? List.of() : quality);
        rollbackTriggers = List.copyOf(rollbackTriggers == null ? List.of() : rollbackTriggers);
    }
}
