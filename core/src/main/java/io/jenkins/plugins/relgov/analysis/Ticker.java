package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.time.Instant;

/** The analysis clock: real time in production, a fake that jumps ahead in tests of the decision logic. */
public interface Ticker {

    Instant now();

    /** Waits until {@code time} (returns at once if it has passed). */
    void sleepUntil(Instant time) throws InterruptedException;

    /** Wall-clock time and {@link Thread#sleep}. */
    static Ticker system() {
        return new Ticker() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleepUntil(Instant time) throws InterruptedException {
                long millis = Duration.between(Instant.now(), time).toMillis();
                if (millis > 0) {
                    Thread.sleep(millis);
                }
            }
        };
    }

    /**
     * Simulated time starting at {@code start}: waiting jumps the clock ahead at once. Replays of recorded
     * measurements (demos, tests of the decision logic) then take no real time.
     */
    static Ticker simulated(Instant start) {
        return new Ticker() {
            private Instant now = start;

            @Override
            public synchronized Instant now() {
                return now;
            }

            @Override
            public synchronized void sleepUntil(Instant time) {
                if (time.isAfter(now)) {
                    now = time;
                }
            }
        };
    }
}
