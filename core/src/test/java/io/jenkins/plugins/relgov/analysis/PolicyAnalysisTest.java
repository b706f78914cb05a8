package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class PolicyAnalysisTest {

    /** The shipped default policy: seed 000's post-deploy section (§6.4, §8, §11). */
    public static Policy inopsio() {
        return ShippedPolicies.load("inopsio");
    }

    static final URI PROM = URI.create("http://127.0.0.1:9090");

    @Test
    void seedThresholdsCompileToConditions() {
        AnalysisSpec spec = PolicyAnalysis.compile(inopsio(), PolicyAnalysis.Overrides.of(PROM));
        assertThat(spec.window()).isEqualTo(Duration.ofHours(48));
        assertThat(spec.metrics())
                .extracting(MetricSpec::name)
                .containsExactly("error-rate", "latency", "tenant-impact");
        MetricSpec errors = spec.metrics().get(0);
        assertThat(errors.successCondition().text()).isEqualTo("result[0] < 0.02");
        assertThat(errors.failureCondition().text()).isEqualTo("result[0] > 0.05");
        assertThat(errors.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(spec.metrics().get(1).failureCondition().text()).isEqualTo("result[0] > 10000");
        assertThat(spec.metrics().get(1).successCondition().text()).isEqualTo("result[0] < 500");
        assertThat(spec.metrics().get(2).successCondition().text()).isEqualTo("result[0] <= 0.1");
        assertThat(spec.metrics().get(2).failureCondition().text()).isEqualTo("result[0] > 0.1");
    }

    @Test
    void betweenQualityAndTriggerIsInconclusiveAboveTriggerFails() throws Exception {
        AnalysisSpec spec = PolicyAnalysis.compile(
                inopsio(), PolicyAnalysis.Overrides.of(PROM).withLimits(5, 5, null));
        MetricSpec errors = spec.metrics().get(0);
        assertThat(AnalysisRunner.classify(errors, new double[] {0.01}).phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(AnalysisRunner.classify(errors, new double[] {0.03}).phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(AnalysisRunner.classify(errors, new double[] {0.071}).phase())
                .isEqualTo(AnalysisPhase.FAILED);
        assertThat(AnalysisRunner.classify(errors, new double[] {Double.NaN}).phase())
                .isEqualTo(AnalysisPhase.INCONCLUSIVE);
        MetricSpec latency = spec.metrics().get(1);
        assertThat(AnalysisRunner.classify(latency, new double[] {12_000}).phase())
                .isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void overridesApplyAndHealthChecksMustPass() {
        AnalysisSpec spec = PolicyAnalysis.compile(
                inopsio(),
                PolicyAnalysis.Overrides.of(PROM)
                        .withInterval(Duration.ofSeconds(30))
                        .withLimits(2, 1, 3)
                        .withWindow(Duration.ofMinutes(10))
                        .withHealthChecks(List.of(new PolicyAnalysis.HealthCheckRule(
                                "api", URI.create("http://127.0.0.1/health"), 200))));
        assertThat(spec.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.metrics().get(0).failureLimit()).isEqualTo(2);
        assertThat(spec.metrics().get(0).consecutiveErrorLimit()).isEqualTo(3);
        MetricSpec health = spec.metrics().get(3);
        assertThat(health.name()).isEqualTo("health:api");
        assertThat(health.failureLimit()).as("no failed health checks").isZero();
        assertThat(health.successCondition().text()).isEqualTo("result == 200");
        assertThat(PolicyAnalysis.warnings(inopsio(), PolicyAnalysis.Overrides.of(PROM)))
                .singleElement()
                .asString()
                .contains("requires health checks to pass");
    }

    @Test
    void overridesThatWouldReactTooLateAreRefused() {
        assertThatThrownBy(() -> PolicyAnalysis.compile(
                        inopsio(),
                        PolicyAnalysis.Overrides.of(PROM)
                                .withInterval(Duration.ofMinutes(10))
                                .withLimits(3, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detects a breach only after up to 40m")
                .hasMessageContaining("reactionTime 30m");
    }

    @Test
    void recordedDegradationRollsBackWithinReactionTime() throws Exception {
        AnalysisSpec spec = PolicyAnalysis.compile(
                inopsio(), PolicyAnalysis.Overrides.of(PROM).withLimits(2, 10, null));
        RecordedSource source = new RecordedSource()
                .values("error-rate", 0.004, 0.006, 0.071, 0.08, 0.09)
                .values("latency", 120, 130, 140, 150, 160)
                .values("tenant-impact", 0.05, 0.05, 0.05, 0.05, 0.05);
        Ticker ticker = Ticker.simulated(Instant.parse("2026-11-22T10:00:00Z"));
        AnalysisResult r = new AnalysisRunner(source, ticker).run(spec, AnalysisListener.NONE);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.reason())
                .isEqualTo("error-rate [0.09] (failureCondition 'result[0] > 0.05' holds):"
                        + " 3 failed measurements (3 consecutive) > failureLimit 2");
        assertThat(r.detectionLatency()).contains(Duration.ofMinutes(2));
        assertThat(r.detectionLatency().orElseThrow())
                .isLessThanOrEqualTo(inopsio().postDeploy().reactionTime());
    }
}
