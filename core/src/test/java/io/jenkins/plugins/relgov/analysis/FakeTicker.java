package io.jenkins.plugins.relgov.analysis;

import java.time.Instant;

/** A clock that jumps to whatever time the runner waits for. */
final class FakeTicker implements Ticker {
    private Instant now;

    FakeTicker(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void sleepUntil(Instant time) {
        if (time.isAfter(now)) {
            now = time;
        }
    }
}
