package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Gates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Re-evaluates a failing gate every {@code interval} (at start, start + interval, start + 2 intervals...)
 * until it passes or the next attempt would come after {@code timeout} from the start, like Azure DevOps deployment gates: a scan still running or a freeze
 * window about to close can turn a failure into a pass without restarting the pipeline.
 *
 * <p>{@link #nextAttempt} is the decision alone, for callers that schedule their own timers (the Jenkins step
 * must survive restarts and cannot sleep); {@link #run} is the blocking loop for the CLI.
 */
public final class GateReevaluation {
    /** Waits; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final GateReevaluation ONCE = new GateReevaluation(Duration.ZERO, Duration.ZERO);

    private final Duration interval;
    private final Duration timeout;

    public GateReevaluation(Duration interval, Duration timeout) {
        if (interval.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("re-evaluation interval and timeout must not be negative");
        }
        if (!timeout.isZero() && interval.isZero()) {
            throw new IllegalArgumentException("a re-evaluation timeout needs an interval greater than zero");
        }
        this.interval = interval;
        this.timeout = timeout;
    }

    /** The policy's re-evaluation, unless the step gives its own (either value may be null: the policy's then). */
    public static GateReevaluation of(Gates gates, Duration stepInterval, Duration stepTimeout) {
        Gates.Reevaluation policy = gates.reevaluation();
        Duration i = stepInterval != null ? stepInterval : policy != null ? policy.interval() : null;
        Duration t = stepTimeout != null ? stepTimeout : policy != null ? policy.timeout() : null;
        if (i == null && t == null) {
            return ONCE;
        }
        if (i == null || t == null) {
            throw new IllegalArgumentException("re-evaluation needs both an interval and a timeout, and "
                    + (i == null ? "no interval" : "no timeout") + " is given (by the step or the policy's"
                    + " gates.reevaluation)");
        }
        return new GateReevaluation(i, t);
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    /** When to evaluate again, or empty when the gate is settled (it passed, or the timeout is reached). */
    public Optional<Instant> nextAttempt(GateHistory history) {
        if (history.attempts().isEmpty()) {
            return Optional.of(history.started());
        }
        if (history.passed() || interval.isZero()) {
            return Optional.empty();
        }
        // a fixed cadence from the start, so that slow evaluations do not push attempts past the timeout
        Instant next =
                history.started().plus(interval.multipliedBy(history.attempts().size()));
        if (next.isBefore(history.last().evaluatedAt())) {
            next = history.last().evaluatedAt();
        }
        return next.isAfter(history.started().plus(timeout)) ? Optional.empty() : Optional.of(next);
    }

    /** Evaluates until settled; the history's last result is the gate's. */
    public GateHistory run(Supplier<GateResult> evaluate, Clock clock, Sleeper sleeper) throws InterruptedException {
        GateHistory history = GateHistory.startingAt(clock.instant());
        Optional<Instant> next = nextAttempt(history);
        while (next.isPresent()) {
            Duration wait = Duration.between(clock.instant(), next.get());
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
            history = history.plus(evaluate.get());
            next = nextAttempt(history);
        }
        return history;
    }
}
