package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.analysis.RecordedSource.Recorded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's progress survives a restart: the state handed out after each round, stored as JSON (or serialised),
 * resumes the run to the decision an uninterrupted run makes, with the same window end.
 */
class AnalysisStateTest {

    static final Instant T0 = AnalysisRunnerTest.T0;

    static AnalysisSpec spec() {
        MetricSpec errors = MetricSpec.of("error-rate", AnalysisRunnerTest.PROM, "result[0] < 0.02", "result[0] > 0.05")
                .withSchedule(Duration.ofMinutes(1), null, null)
                .withLimits(1, -1, 4);
        MetricSpec latency = MetricSpec.of("latency", AnalysisRunnerTest.PROM, null, "result[0] > 10000")
                .withSchedule(Duration.ofMinutes(2), null, null);
        return new AnalysisSpec(List.of(errors, latency), Duration.ofMinutes(10));
    }

    static RecordedSource source() {
        return new RecordedSource()
                .record(
                        "error-rate",
                        Recorded.value(0.01),
                        Recorded.failure("unreachable"),
                        Recorded.value(0.03),
                        Recorded.value(0.09),
                        Recorded.value(0.01),
                        Recorded.value(0.2))
                .values("latency", 100, 100, 100, 100);
    }

    /** A listener that hears only the progress after each round. */
    static AnalysisListener onProgress(java.util.function.Consumer<AnalysisState> progress) {
        return new AnalysisListener() {
            @Override
            public void onMeasurement(Measurement measurement, int number) {}

            @Override
            public void onProgress(AnalysisState state) {
                progress.accept(state);
            }
        };
    }

    /** Thrown by a listener to stand for Jenkins stopping mid-run. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("controller stopped");
        }
    }

    @Test
    void aResumedRunDecidesAsAnUninterruptedOne() throws Exception {
        AnalysisResult whole = new AnalysisRunner(source(), Ticker.simulated(T0)).run(spec(), AnalysisListener.NONE);
        assertThat(whole.phase()).as(whole.reason()).isEqualTo(AnalysisPhase.FAILED);

        RecordedSource source = source();
        List<String> saved = new ArrayList<>();
        AnalysisListener stopsAfterThreeRounds = onProgress(state -> {
            saved.add(state.toJson());
            if (saved.size() == 3) {
                throw new Stopped();
            }
        });
        Ticker ticker = Ticker.simulated(T0);
        assertThatThrownBy(() -> new AnalysisRunner(source, ticker).run(spec(), stopsAfterThreeRounds))
                .isInstanceOf(Stopped.class);
        AnalysisState state = AnalysisState.fromJson(saved.get(2));
        assertThat(state.decided()).isFalse();
        assertThat(state.metrics()).extracting(MetricResult::phase).containsOnlyNulls();

        // a new controller, a new runner: same source position, same clock
        AnalysisResult resumed =
                new AnalysisRunner(source, Ticker.simulated(ticker.now())).resume(spec(), state, AnalysisListener.NONE);
        assertThat(resumed).isEqualTo(whole);
    }

    @Test
    void metricsThatFellDueDuringTheOutageAreMeasuredAtOnceAndTheWindowKeepsItsEnd() throws Exception {
        List<AnalysisState> states = new ArrayList<>();
        AnalysisListener keep = onProgress(state -> {
            states.add(state);
            throw new Stopped();
        });
        RecordedSource source = new RecordedSource()
                .values("error-rate", 0.01, 0.01, 0.01, 0.01, 0.01)
                .values("latency", 100, 100, 100);
        assertThatThrownBy(() -> new AnalysisRunner(source, Ticker.simulated(T0)).run(spec(), keep))
                .isInstanceOf(Stopped.class);
        Instant back = T0.plus(Duration.ofMinutes(7));
        AnalysisResult r =
                new AnalysisRunner(source, Ticker.simulated(back)).resume(spec(), states.get(0), AnalysisListener.NONE);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.startedAt()).isEqualTo(T0);
        assertThat(r.measurements())
                .filteredOn(m -> m.metric().equals("error-rate"))
                .extracting(Measurement::startedAt)
                .containsExactly(
                        T0,
                        back,
                        back.plus(Duration.ofMinutes(1)),
                        back.plus(Duration.ofMinutes(2)),
                        T0.plus(Duration.ofMinutes(10)));
        assertThat(r.reason()).contains("window 10m ended");
    }

    @Test
    void aStateSurvivesJavaSerialisationAsItsJson() throws Exception {
        List<AnalysisState> states = new ArrayList<>();
        new AnalysisRunner(source(), Ticker.simulated(T0)).run(spec(), onProgress(states::add));
        AnalysisState last = states.get(states.size() - 1);
        assertThat(last.decided()).isTrue();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(states.get(1));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            AnalysisState read = (AnalysisState) in.readObject();
            assertThat(read.toJson()).isEqualTo(states.get(1).toJson());
        }
        assertThat(states.get(1).measurements())
                .as("a handed-out copy is not changed by the run going on")
                .hasSizeLessThan(last.measurements().size());
    }

    @Test
    void aStateForOtherMetricsOrMalformedIsRefused() {
        AnalysisState state = AnalysisState.start(spec(), T0);
        AnalysisSpec other = new AnalysisSpec(List.of(AnalysisRunnerTest.errorRate(3, 0)), null);
        assertThatThrownBy(() -> new AnalysisRunner(source()).resume(other, state, AnalysisListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the saved analysis state is for metrics [error-rate, latency], not for this analysis' [error-rate]");
        assertThatThrownBy(() -> AnalysisState.fromJson("{\"format\":1,\"startedAt\":\"yesterday\",\"metrics\":[]}"))
                .hasMessage("analysis state: no metrics");
        assertThatThrownBy(() -> AnalysisState.fromJson(state.toJson().replace(T0.toString(), "yesterday")))
                .hasMessage("analysis state: 'nextAt' is not an instant");
        assertThatThrownBy(() -> AnalysisState.fromJson("[1")).hasMessageStartingWith("analysis state is not JSON");
        assertThatThrownBy(() -> AnalysisState.fromJson("{\"format\":2}"))
                .hasMessage("analysis state: expected format 1");
    }
}
