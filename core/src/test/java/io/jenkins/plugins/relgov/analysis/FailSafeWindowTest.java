package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Review attack: "a Prometheus that stays unreachable ends in Error, never Successful". The runner only
 * turned errors into Error once consecutiveErrorLimit was exceeded; when the window ends first (a short
 * window, or a pipeline's large consecutiveErrorLimit) the metric "ran its course" and was Successful with
 * nothing measured. Real HTTP to a closed port, on a simulated clock.
 */
class FailSafeWindowTest {

    static URI deadPrometheus() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    static AnalysisResult run(PolicyAnalysis.Overrides o) throws Exception {
        AnalysisSpec spec = PolicyAnalysis.compile(ShippedPolicies.load("inopsio"), o);
        return new AnalysisRunner(new LiveSource(), Ticker.simulated(Instant.parse("2026-11-22T10:00:00Z")))
                .run(spec, AnalysisListener.NONE);
    }

    @Test
    void unreachableForAWindowShorterThanTheErrorLimitIsNotSuccessful() throws Exception {
        AnalysisResult r = run(PolicyAnalysis.Overrides.of(deadPrometheus()).withWindow(Duration.ofMinutes(3)));
        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(r.rollbackAdvised()).isTrue();
        assertThat(r.reason()).contains("unreachable");
    }

    /**
     * While Prometheus errors nothing can detect a breach; the outage itself ends the analysis in Error (and
     * autoRollback treats Error like Failed) only after consecutiveErrorLimit + 1 failed tries: the first an
     * interval after the last good measurement, then one every 10 s. A pipeline that raises the limit past the
     * policy's reactionTime delays the reaction like a raised failureLimit does.
     */
    @Test
    void aConsecutiveErrorLimitBeyondTheReactionTimeIsRefused() throws Exception {
        URI dead = deadPrometheus();
        assertThatThrownBy(() -> run(PolicyAnalysis.Overrides.of(dead).withLimits(null, null, 43)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval 1m and query timeout 30s with consecutiveErrorLimit 43 leave a Prometheus outage"
                        + " unanswered for up to 30m10s, later than policy 'inopsio' reactionTime 30m");
        // 1m + 30s query timeout, then 42 retries of 10 s + 30 s: 29m30s still fits
        PolicyAnalysis.compile(
                ShippedPolicies.load("inopsio"),
                PolicyAnalysis.Overrides.of(dead).withLimits(null, null, 42));
    }

    /** The outage is decided in 10 s retries whatever the interval: a 5m interval is no 25-minute blind spell. */
    @Test
    void anOutageIsErrorWithinTheRetriesAtALongInterval() throws Exception {
        AnalysisResult r = run(PolicyAnalysis.Overrides.of(deadPrometheus()).withInterval(Duration.ofMinutes(5)));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(Duration.between(r.startedAt(), r.decidedAt())).isEqualTo(Duration.ofSeconds(40));
    }

    /** A hung Prometheus errors only when each query times out: a long query timeout stretches the same blind spell. */
    @Test
    void aQueryTimeoutThatStretchesTheOutageBeyondTheReactionTimeIsRefused() throws Exception {
        URI dead = deadPrometheus();
        assertThatThrownBy(() -> run(PolicyAnalysis.Overrides.of(dead).withQueryTimeout(Duration.ofHours(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query timeout 2h")
                .hasMessageContaining("reactionTime 30m");
        PolicyAnalysis.compile(
                ShippedPolicies.load("inopsio"),
                PolicyAnalysis.Overrides.of(dead)
                        .withQueryTimeout(Duration.ofMinutes(4))); // 1m + 4m + 4 x (10s + 4m) = 21m40s fits
    }

    @Test
    void aWindowThatEndsBeforeTheFirstMeasurementIsNotSuccessful() throws Exception {
        AnalysisResult r = run(PolicyAnalysis.Overrides.of(deadPrometheus())
                .withWindow(Duration.ofMinutes(1))
                .withInitialDelay(Duration.ofMinutes(5)));
        assertThat(r.phase()).as(r.reason()).isNotEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.measurements()).isEmpty();
    }
}
