package io.jenkins.plugins.relgov.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.policy.FreezeWindow;
import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateReevaluationTest {

    /** A clock that only moves when the gate sleeps. */
    private static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-12-26T23:40:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    private static Policy freezeUntilMidnight() {
        FreezeWindow christmas = new FreezeWindow.Dates(
                "christmas",
                ZoneId.of("UTC"),
                LocalDateTime.parse("2026-12-24T00:00"),
                LocalDateTime.parse("2026-12-27T00:00"));
        return TestPolicies.policy(new Gates(
                false,
                null,
                null,
                null,
                null,
                List.of(christmas),
                null,
                null,
                new Gates.Reevaluation(Duration.ofMinutes(15), Duration.ofHours(1)),
                null));
    }

    @Test
    void reevaluatesUntilTheFreezeWindowClosesAndKeepsTheHistory() throws InterruptedException {
        FakeTime time = new FakeTime();
        Policy p = freezeUntilMidnight();
        GateReevaluation re = GateReevaluation.of(p.gates(), null, null);
        GateHistory h = re.run(
                () -> GateEngine.evaluate(new GateContext(p, null, null, null, time.instant(), null, Reports.NONE)),
                time,
                time::sleep);
        // 23:40 frozen, 23:55 frozen, 00:10 open
        assertThat(h.attempts()).extracting(GateResult::passed).containsExactly(false, false, true);
        assertThat(h.attempts())
                .extracting(GateResult::evaluatedAt)
                .containsExactly(
                        Instant.parse("2026-12-26T23:40:00Z"),
                        Instant.parse("2026-12-26T23:55:00Z"),
                        Instant.parse("2026-12-27T00:10:00Z"));
        assertThat(time.sleeps).containsOnly(Duration.ofMinutes(15));
        assertThat(h.passed()).isTrue();
        assertThat(GateJson.tree(h).get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void stopsAtTheTimeoutWithTheLastFailure() throws InterruptedException {
        FakeTime time = new FakeTime();
        Policy p = freezeUntilMidnight();
        GateReevaluation re = GateReevaluation.of(p.gates(), Duration.ofMinutes(5), Duration.ofMinutes(12));
        GateHistory h = re.run(
                () -> GateEngine.evaluate(new GateContext(p, null, null, null, time.instant(), null, Reports.NONE)),
                time,
                time::sleep);
        // 23:40, 23:45, 23:50; 23:55 would be past 23:52
        assertThat(h.attempts()).hasSize(3);
        assertThat(h.passed()).isFalse();
        assertThat(h.last().check("freeze").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(re.nextAttempt(h)).isEmpty();
    }

    @Test
    void withoutReevaluationTheGateIsEvaluatedOnce() throws InterruptedException {
        FakeTime time = new FakeTime();
        Policy p = TestPolicies.policy(TestPolicies.inopsioGates());
        GateReevaluation re = GateReevaluation.of(p.gates(), null, null);
        assertThat(re).isSameAs(GateReevaluation.ONCE);
        GateHistory h = re.run(
                () -> GateEngine.evaluate(new GateContext(p, null, null, null, time.instant(), null, Reports.NONE)),
                time,
                time::sleep);
        assertThat(h.attempts()).hasSize(1);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void nextAttemptForSchedulersThatCannotSleep() {
        GateReevaluation re = new GateReevaluation(Duration.ofMinutes(10), Duration.ofMinutes(30));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        GateHistory h = GateHistory.startingAt(t0);
        assertThat(re.nextAttempt(h)).contains(t0);
        GateResult failed = new GateResult(
                "p",
                null,
                null,
                null,
                t0.plusSeconds(3),
                Gates.OnFailure.FAIL,
                List.of(CheckResult.fail("tests", "1", "0", "gates.testsMustPass", "r")));
        assertThat(re.nextAttempt(h.plus(failed))).contains(t0.plusSeconds(600));
        GateResult passed = new GateResult("p", null, null, null, t0.plusSeconds(700), Gates.OnFailure.FAIL, List.of());
        assertThat(re.nextAttempt(h.plus(failed).plus(passed))).isEmpty();
    }

    @Test
    void incompleteSettingsAreRefused() {
        assertThatThrownBy(() -> GateReevaluation.of(Gates.NONE, Duration.ofMinutes(1), null))
                .hasMessageContaining("needs both an interval and a timeout");
        assertThatThrownBy(() -> new GateReevaluation(Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessageContaining("needs an interval greater than zero");
    }
}
