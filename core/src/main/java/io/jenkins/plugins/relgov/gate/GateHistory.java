package io.jenkins.plugins.relgov.gate;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every evaluation of a re-evaluated gate, oldest first; the last one is the gate's result.
 *
 * @param started  when the first evaluation began (the timeout counts from here)
 * @param attempts the results so far
 */
public record GateHistory(Instant started, List<GateResult> attempts) implements Serializable {

    public GateHistory {
        Objects.requireNonNull(started, "started");
        attempts = List.copyOf(attempts);
    }

    public static GateHistory startingAt(Instant started) {
        return new GateHistory(started, List.of());
    }

    public GateHistory plus(GateResult result) {
        List<GateResult> all = new ArrayList<>(attempts);
        all.add(result);
        return new GateHistory(started, all);
    }

    /** The latest result. */
    public GateResult last() {
        if (attempts.isEmpty()) {
            throw new IllegalStateException("the gate has not been evaluated yet");
        }
        return attempts.get(attempts.size() - 1);
    }

    public boolean passed() {
        return !attempts.isEmpty() && last().passed();
    }
}
