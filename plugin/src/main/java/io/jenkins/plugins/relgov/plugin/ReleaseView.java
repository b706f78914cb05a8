package io.jenkins.plugins.relgov.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.LedgerView;
import io.jenkins.plugins.relgov.evidence.ReleaseOverview;
import io.jenkins.plugins.relgov.evidence.ReleaseStory;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A governed build's ledger read once, typed, with the policy the build started with: what the evidence page,
 * the build's summary, the job's release history and its trends show. Every fact comes from core's
 * {@link LedgerView}, {@link ReleaseStory} and {@link ReleaseOverview}, the readings {@code relgov verify} uses.
 * Cheap to ask for again: {@link GovernedRelease} keeps the last one while the ledger file is unchanged.
 */
public final class ReleaseView {

    private final GovernedRelease release;
    private final LedgerView ledger;
    private final LoadedPolicy policy;
    private final long ledgerStamp;
    private ReleaseStory story;
    private ReleaseOverview overview;

    private ReleaseView(GovernedRelease release, LedgerView ledger, LoadedPolicy policy, long ledgerStamp) {
        this.release = release;
        this.ledger = ledger;
        this.policy = policy;
        this.ledgerStamp = ledgerStamp;
    }

    /** The view of a governed build, or null for a build no governance step ran in. */
    static @CheckForNull ReleaseView of(@NonNull Run<?, ?> run) throws IOException {
        GovernedRelease release = GovernedRelease.of(run);
        return release == null ? null : release.view();
    }

    /** Reads the build's ledger and the policy text it started with. */
    static ReleaseView read(GovernedRelease release) throws IOException {
        Run<?, ?> run = release.getRun();
        Path ledgerFile = BuildLedger.of(run).path();
        long stamp = stamp(ledgerFile);
        List<LedgerEvent> events = BuildLedger.of(run).events();
        return new ReleaseView(release, new LedgerView(events), release.startedPolicy(), stamp);
    }

    /** Changes whenever the ledger file does: its length and modification time. */
    static long stamp(Path ledgerFile) throws IOException {
        return Files.exists(ledgerFile)
                ? Files.size(ledgerFile) * 31
                        + Files.getLastModifiedTime(ledgerFile).toMillis()
                : 0;
    }

    long ledgerStamp() {
        return ledgerStamp;
    }

    public GovernedRelease getRelease() {
        return release;
    }

    public LedgerView getLedger() {
        return ledger;
    }

    public List<LedgerEvent> getEvents() {
        return ledger.events();
    }

    /** What {@code relgov verify} would tell of this release if it were sealed now. */
    public synchronized ReleaseStory getStory() {
        if (story == null) {
            story = ReleaseStory.live(ledger, policy, Instant.now());
        }
        return story;
    }

    public synchronized ReleaseOverview getOverview() {
        if (overview == null) {
            overview = ReleaseOverview.of(ledger, getStory());
        }
        return overview;
    }
}
