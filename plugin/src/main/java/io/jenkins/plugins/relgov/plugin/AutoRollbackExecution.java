package io.jenkins.plugins.relgov.plugin;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.relgov.analysis.AnalysisListener;
import io.jenkins.plugins.relgov.analysis.AnalysisPhase;
import io.jenkins.plugins.relgov.analysis.AnalysisResult;
import io.jenkins.plugins.relgov.analysis.AnalysisRunner;
import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.AnalysisState;
import io.jenkins.plugins.relgov.analysis.LiveSource;
import io.jenkins.plugins.relgov.analysis.Measurement;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysis;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.RolloutEvidence;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.Durations;
import io.jenkins.plugins.relgov.policy.Policy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Watches the release's post-deploy metrics without an executor. Everything the decision depends on
 * survives a controller restart: the step's arguments and when the analysis started are in this execution's
 * serialised fields, every measurement and counter in its {@link AnalysisProgress} file; {@link #onResume}
 * goes on from there with the window still counted from the first start. A {@code phase} guard completes
 * the context exactly once, whichever of the analysis, the rollback body or {@link #stop} gets there first.
 */
final class AutoRollbackExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(AutoRollbackExecution.class.getName());
    private static final String NAME = AutoRollbackStep.NAME;

    enum Phase {
        ANALYSING,
        ROLLING_BACK,
        DONE
    }

    private final ReleaseRequest request;
    private final String prometheusUrl;
    private final String credentialsId;
    private final String window;
    private final String interval;
    private final String initialDelay;
    private final Integer failureLimit;
    private final Integer consecutiveErrorLimit;
    private final ArrayList<AutoRollbackStep.HealthCheck> healthChecks;
    private Phase phase = Phase.ANALYSING;
    /** When the analysis started (ISO instant): a resumed analysis keeps the window it had. */
    private String startedAt;
    /** Names this analysis' progress file. */
    private String progressId;

    private transient Future<?> analysis;

    AutoRollbackExecution(StepContext context, AutoRollbackStep step) {
        super(context);
        this.request = step.releaseRequest();
        this.prometheusUrl = step.getPrometheusUrl();
        this.credentialsId = step.getCredentialsId();
        this.window = step.getWindow();
        this.interval = step.getInterval();
        this.initialDelay = step.getInitialDelay();
        this.failureLimit = step.getFailureLimit();
        this.consecutiveErrorLimit = step.getConsecutiveErrorLimit();
        this.healthChecks = new ArrayList<>(step.getHealthChecks());
    }

    @Override
    public boolean start() throws Exception {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        TaskListener listener = ctx.get(TaskListener.class);
        GovernedRelease release = GovernedRelease.determine(run, ctx.get(EnvVars.class), request, listener);
        AnalysisSpec spec = spec(release.policy().policy());
        startedAt = Instant.now().toString();
        progressId = UUID.randomUUID().toString();
        ctx.saveState();
        listener.getLogger()
                .println("[release-governance] watching " + spec.metrics().size() + " metric(s) for "
                        + Durations.format(spec.window()) + " (until "
                        + Instant.parse(startedAt).plus(spec.window())
                        + "), without an executor");
        launch(spec);
        return false;
    }

    /** The policy's analysis with what the Jenkinsfile may set; it can lengthen the window, never shorten it. */
    private AnalysisSpec spec(Policy policy) throws AbortException {
        String url = prometheusUrl != null
                ? prometheusUrl
                : GovernanceConfiguration.get().getPrometheusUrl();
        if (url == null) {
            throw new AbortException(NAME + ": no Prometheus URL: pass prometheusUrl or set the default in "
                    + "Manage Jenkins » Security » Release Governance.");
        }
        Duration asked = StepArgs.duration(NAME, "window", window);
        Duration required = policy.postDeploy().monitoringWindow();
        if (asked != null && required != null && asked.compareTo(required) < 0) {
            throw new AbortException(NAME + ": window " + window + " is shorter than policy '" + policy.name()
                    + "' monitoringWindow " + Durations.format(required) + "; a Jenkinsfile cannot shorten it");
        }
        if (policy.postDeploy().healthChecksMustPass() && healthChecks.isEmpty()) {
            throw new AbortException(NAME + ": policy '" + policy.name() + "' requires post-deploy health checks to "
                    + "pass (postDeploy.healthChecksMustPass), and none is given: name them, e.g. "
                    + "healthChecks: [[name: 'api', url: 'https://api.example.com/healthz']]");
        }
        List<PolicyAnalysis.HealthCheckRule> checks = new ArrayList<>();
        for (AutoRollbackStep.HealthCheck h : healthChecks) {
            checks.add(h.rule());
        }
        try {
            var o = PolicyAnalysis.Overrides.of(URI.create(url))
                    .withInterval(StepArgs.duration(NAME, "interval", interval))
                    .withWindow(asked)
                    .withInitialDelay(StepArgs.duration(NAME, "initialDelay", initialDelay))
                    .withLimits(failureLimit, null, consecutiveErrorLimit)
                    .withHealthChecks(checks);
            return PolicyAnalysis.compile(policy, o);
        } catch (IllegalArgumentException e) {
            throw new AbortException(NAME + ": " + e.getMessage());
        }
    }

    /** Runs (or resumes) the analysis on its own thread, saving its progress after every round. */
    private void launch(AnalysisSpec spec) throws IOException, InterruptedException {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        TaskListener listener = ctx.get(TaskListener.class);
        // the global credentials go only to the global Prometheus: a Jenkinsfile naming its own URL must
        // name its own credentials, or a pipeline author could send the admin's token anywhere
        String auth = credentialsId != null
                ? credentialsId
                : prometheusUrl == null ? GovernanceConfiguration.get().getPrometheusCredentialsId() : null;
        LiveSource source = new LiveSource(Secrets.prometheus(run, auth));
        AnalysisProgress progress = new AnalysisProgress(run, progressId);
        AnalysisState saved = progress.load();
        AnalysisState state = saved != null ? saved : AnalysisState.start(spec, Instant.parse(startedAt));
        AnalysisListener log = new AnalysisListener() {
            @Override
            public void onMeasurement(Measurement m, int number) {
                listener.getLogger().println("[release-governance] " + m.describe(number));
            }

            @Override
            public void onProgress(AnalysisState now) {
                try {
                    progress.save(now);
                } catch (IOException e) {
                    LOGGER.log(Level.WARNING, "cannot save the progress of the post-deploy analysis of " + run, e);
                }
            }
        };
        analysis = Analyses.submit(() -> {
            try {
                decided(new AnalysisRunner(source).resume(spec, state, log), progress);
            } catch (InterruptedException e) {
                // stop() completes the context itself; at shutdown onResume() goes on after the restart
            } catch (Throwable t) {
                finish(c -> c.onFailure(t));
            }
        });
    }

    /** Records the decision with every measurement, then either completes or runs the rollback body. */
    private void decided(AnalysisResult result, AnalysisProgress progress) throws IOException, InterruptedException {
        StepContext ctx = getContext();
        Run<?, ?> run = ctx.get(Run.class);
        TaskListener listener = ctx.get(TaskListener.class);
        GovernedRelease release = GovernedRelease.required(run);
        Policy policy = release.policy().policy();
        BuildLedger ledger = BuildLedger.of(run);
        listener.getLogger()
                .println("[release-governance] analysis " + result.phase().label() + ": " + result.reason()
                        + result.detectionLatency()
                                .map(d -> " (detected " + d.toSeconds() + "s after the first breach)")
                                .orElse(""));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("phase", result.phase().label());
        summary.put("reason", result.reason());
        summary.put("rolledBack", result.rollbackAdvised());

        if (!result.rollbackAdvised()) {
            ledger.append(
                    EventType.EVIDENCE_RECORDED,
                    "jenkins",
                    RolloutEvidence.analysis(result, controls(policy, RolloutEvidence.ANALYSIS_KIND)));
            progress.delete();
            if (result.phase() == AnalysisPhase.INCONCLUSIVE) {
                ctx.setResult(Result.UNSTABLE);
            }
            finish(c -> c.onSuccess(summary));
            return;
        }
        ledger.append(
                EventType.ROLLBACK,
                "jenkins",
                RolloutEvidence.rollback(
                        release.getEnvironment(),
                        release.getVersion(),
                        release.getPreviousVersion(),
                        result.reason(),
                        null,
                        result,
                        controls(policy, "rollback-record")));
        progress.delete();
        synchronized (this) {
            if (phase != Phase.ANALYSING) {
                return;
            }
            phase = Phase.ROLLING_BACK;
        }
        ctx.saveState();
        listener.getLogger()
                .println("[release-governance] rolling back " + release.getVersion()
                        + (release.getPreviousVersion() == null ? "" : " to " + release.getPreviousVersion()));
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("RELGOV_ROLLBACK_REASON", result.reason());
        vars.put("RELGOV_FAILED_VERSION", release.getVersion());
        if (release.getPreviousVersion() != null) {
            vars.put("RELGOV_ROLLBACK_VERSION", release.getPreviousVersion());
        }
        ctx.newBodyInvoker()
                .withContext(EnvironmentExpander.merge(
                        ctx.get(EnvironmentExpander.class), EnvironmentExpander.constant(vars)))
                .withCallback(new RollbackCallback(summary))
                .start();
    }

    private static List<String> controls(Policy policy, String kind) {
        return policy.controlsFor(kind).stream().map(Control::id).toList();
    }

    private interface Completion {
        void complete(StepContext c);
    }

    private void finish(Completion completion) {
        synchronized (this) {
            if (phase == Phase.DONE) {
                return;
            }
            phase = Phase.DONE;
        }
        completion.complete(getContext());
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Future<?> f = analysis;
        if (f != null) {
            f.cancel(true);
        }
        synchronized (this) {
            if (phase == Phase.ROLLING_BACK) {
                return; // the body is running: CPS stops it, and its callback completes the context
            }
        }
        finish(c -> c.onFailure(cause));
    }

    @Override
    public void onResume() {
        synchronized (this) {
            if (phase != Phase.ANALYSING) {
                return; // the rollback body resumes by itself; its callback completes us
            }
        }
        try {
            Run<?, ?> run = getContext().get(Run.class);
            getContext()
                    .get(TaskListener.class)
                    .getLogger()
                    .println("[release-governance] resuming the post-deploy "
                            + "analysis after a restart, with every measurement taken so far");
            launch(spec(GovernedRelease.required(run).policy().policy()));
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "cannot resume autoRollback analysis", e);
            finish(c -> c.onFailure(e));
        }
    }

    @Override
    public synchronized String getStatus() {
        return NAME + " " + phase + (startedAt == null ? "" : ", analysing since " + startedAt);
    }
}
