package io.jenkins.plugins.relgov.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.evidence.ReleaseOverview;
import io.jenkins.plugins.relgov.evidence.ReleaseStory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.TransientActionFactory;

/**
 * A job's "Release Governance" page: every governed build as a release (version, tier, environment, how it
 * ended, who approved, gate verdicts, time to approval, links to its evidence and bundle), filterable by
 * environment and tier, and the trend charts the job's page shows ({@code floatingBox.jelly}). Jenkins only
 * shows it on jobs that have governed builds; reading it needs the job's read permission, as the job page does.
 */
public final class ReleaseHistoryAction implements Action {

    private static final Logger LOGGER = Logger.getLogger(ReleaseHistoryAction.class.getName());
    /** How many recent builds the page reads unless told otherwise, and at most. */
    static final int DEFAULT_BUILDS = 30;

    static final int MAX_BUILDS = 500;

    private final Job<?, ?> job;

    ReleaseHistoryAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-ribbon";
    }

    @Override
    public String getDisplayName() {
        return "Release Governance";
    }

    @Override
    public String getUrlName() {
        return "release-governance";
    }

    /** One governed build as a release, for the history table. */
    public static final class Row {
        private final Run<?, ?> run;
        private final GovernedRelease release;
        private final ReleaseOverview overview;

        Row(Run<?, ?> run, GovernedRelease release, ReleaseOverview overview) {
            this.run = run;
            this.release = release;
            this.overview = overview;
        }

        public Run<?, ?> getRun() {
            return run;
        }

        public GovernedRelease getRelease() {
            return release;
        }

        public ReleaseOverview getOverview() {
            return overview;
        }

        public String getEnvironment() {
            return Util.fixNull(release.getEnvironment());
        }

        /** How the release ended, in a word or two: released, rolled back, rejected, timed out, gate failed ... */
        public String getResult() {
            if (run.isBuilding()) {
                return release.getApprovalStatus() == null
                                && run.getAction(io.jenkins.plugins.relgov.plugin.approval.ApprovalAction.class) != null
                        ? "waiting for approval"
                        : "in progress";
            }
            ReleaseStory.Outcome o = overview.outcome();
            ApprovalStatus status = release.getApprovalStatus();
            return switch (o) {
                case ROLLED_BACK -> "rolled back";
                case DEPLOYED -> "released";
                case NOT_APPROVED ->
                    status == null
                            ? "not approved"
                            : status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
                case APPROVED -> run.getResult() == Result.SUCCESS ? "approved" : "approved, then " + result(run);
                case NOTHING_RECORDED -> overview.gatesFailed() > 0 ? "gate failed" : result(run);
            };
        }

        /** A CSS class for the result: good, bad or neutral. */
        public String getResultClass() {
            String r = getResult();
            return r.equals("released") || r.equals("approved")
                    ? "good"
                    : r.startsWith("rolled")
                                    || r.startsWith("rejected")
                                    || r.startsWith("gate")
                                    || r.startsWith("timed")
                                    || r.equals("failure")
                            ? "bad"
                            : "neutral";
        }

        /** "6 passed, 1 failed (coverage.line), 1 waived": which checks failed, not only how many. */
        public String getGates() {
            return overview.gatesPassed() + " passed, " + overview.gatesFailed() + " failed"
                    + (overview.failedChecks().isEmpty() ? "" : " (" + String.join(", ", overview.failedChecks()) + ")")
                    + (overview.gatesWaived() == 0 ? "" : ", " + overview.gatesWaived() + " waived");
        }

        public String getTimeToApproval() {
            return duration(overview.timeToApproval());
        }

        private static String result(Run<?, ?> run) {
            Result r = run.getResult();
            return r == null ? "unknown" : r.toString().toLowerCase(Locale.ROOT);
        }
    }

    /** "40 s", "45 min", "2 h 5 min", "3 d 4 h"; empty for none. */
    static String duration(@CheckForNull Duration d) {
        if (d == null) {
            return "";
        }
        if (d.toSeconds() < 60) {
            return Math.max(0, d.toSeconds()) + " s";
        }
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 24 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return minutes / (24 * 60) + " d"
                + (minutes % (24 * 60) / 60 == 0 ? "" : " " + minutes % (24 * 60) / 60 + " h");
    }

    /**
     * The governed builds among the job's most recent {@code builds}, newest first, those that match the filters.
     *
     * @param environment only this environment (null or empty: all)
     * @param tier        only this tier (null or empty: all)
     * @param builds      how many recent builds to read (null: {@value #DEFAULT_BUILDS}; at most {@value #MAX_BUILDS})
     */
    public List<Row> releases(
            @CheckForNull String environment, @CheckForNull String tier, @CheckForNull String builds) {
        String env = Util.fixEmptyAndTrim(environment);
        String t = Util.fixEmptyAndTrim(tier);
        List<Row> rows = new ArrayList<>();
        for (Row r : rows(count(builds))) {
            if ((env == null || env.equals(r.getEnvironment()))
                    && (t == null || t.equals(r.getRelease().getTier()))) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** The environments and tiers the recent releases name, for the filter's choices. */
    public List<String> environments(@CheckForNull String builds) {
        TreeSet<String> out = new TreeSet<>();
        rows(count(builds)).forEach(r -> out.add(r.getEnvironment()));
        out.remove("");
        return List.copyOf(out);
    }

    public List<String> tiers(@CheckForNull String builds) {
        TreeSet<String> out = new TreeSet<>();
        rows(count(builds)).forEach(r -> out.add(r.getRelease().getTier()));
        return List.copyOf(out);
    }

    static int count(@CheckForNull String builds) {
        try {
            int n = builds == null || builds.isBlank() ? DEFAULT_BUILDS : Integer.parseInt(builds.trim());
            return Math.max(1, Math.min(MAX_BUILDS, n));
        } catch (NumberFormatException e) {
            return DEFAULT_BUILDS;
        }
    }

    /** The governed builds among the {@code n} most recent, newest first. A build whose ledger cannot be read is skipped, and logged. */
    List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (Run<?, ?> run : job.getBuilds().limit(n)) {
            GovernedRelease release = GovernedRelease.of(run);
            if (release == null) {
                continue;
            }
            try {
                rows.add(new Row(run, release, release.view().getOverview()));
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot read the evidence of " + run, e);
            }
        }
        return rows;
    }

    public ReleaseTrend getGateTrend() {
        return new ReleaseTrend(this, ReleaseTrend.Kind.GATES);
    }

    public ReleaseTrend getQualityTrend() {
        return new ReleaseTrend(this, ReleaseTrend.Kind.QUALITY);
    }

    public ReleaseTrend getLeadTimeTrend() {
        return new ReleaseTrend(this, ReleaseTrend.Kind.LEAD_TIME);
    }

    /** Adds the page (and its trends on the job page) to jobs that have governed builds. */
    @Extension
    @SuppressWarnings("rawtypes") // TransientActionFactory matches the raw class
    public static final class Factory extends TransientActionFactory<Job> {
        /** How many of a job's latest builds are looked at to decide whether it governs releases. */
        private static final int RECENT = 10;

        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Class<ReleaseHistoryAction> actionType() {
            return ReleaseHistoryAction.class;
        }

        @Override
        public @NonNull Collection<? extends Action> createFor(@NonNull Job target) {
            Run<?, ?> last = target.getLastBuild();
            // the most recent builds decide (the job page's build history loads them anyway)
            for (Run<?, ?> run = last;
                    run != null && last.getNumber() - run.getNumber() < RECENT;
                    run = run.getPreviousBuild()) {
                if (GovernedRelease.of(run) != null) {
                    return List.of(new ReleaseHistoryAction(target));
                }
            }
            return List.of();
        }
    }
}
