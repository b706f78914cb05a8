package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.ItemListener;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.relgov.analysis.AnalysisPhase;
import io.jenkins.plugins.relgov.analysis.AnalysisResult;
import io.jenkins.plugins.relgov.analysis.AnalysisRunner;
import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.LiveSource;
import io.jenkins.plugins.relgov.analysis.Measurement;
import io.jenkins.plugins.relgov.analysis.MetricResult;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysis;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.Durations;
import io.jenkins.plugins.relgov.policy.Policy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code autoRollback { rollback commands }}: watches the policy's post-deploy metrics in Prometheus for
 * the monitoring window, in the background and without an executor; when the analysis fails (or cannot
 * be made: fail safe), records why and runs its body, the rollback, then marks the build FAILURE.
 */
public class AutoRollbackStep extends GovernanceStep {

    static final String NAME = "autoRollback";

    private String prometheusUrl;
    private String credentialsId;
    private String window;
    private String interval;
    private String initialDelay;
    private Integer failureLimit;
    private Integer consecutiveErrorLimit;

    @DataBoundConstructor
    public AutoRollbackStep() {
    }

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    /** Prometheus base URL; defaults to the global configuration's. */
    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret text (bearer token) or username/password (basic auth) for Prometheus. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getWindow() {
        return window;
    }

    /** How long to watch (default: the policy's monitoring window, 48h for inopsio). */
    @DataBoundSetter
    public void setWindow(String window) {
        this.window = Util.fixEmptyAndTrim(window);
    }

    public String getInterval() {
        return interval;
    }

    /** Time between measurements (default 1m). */
    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = Util.fixEmptyAndTrim(interval);
    }

    public String getInitialDelay() {
        return initialDelay;
    }

    @DataBoundSetter
    public void setInitialDelay(String initialDelay) {
        this.initialDelay = Util.fixEmptyAndTrim(initialDelay);
    }

    public Integer getFailureLimit() {
        return failureLimit;
    }

    /** Failed measurements tolerated per metric (default 0). */
    @DataBoundSetter
    public void setFailureLimit(Integer failureLimit) {
        this.failureLimit = failureLimit;
    }

    public Integer getConsecutiveErrorLimit() {
        return consecutiveErrorLimit;
    }

    /** Consecutive query errors tolerated before the analysis errs, and so rolls back (default 4). */
    @DataBoundSetter
    public void setConsecutiveErrorLimit(Integer consecutiveErrorLimit) {
        this.consecutiveErrorLimit = consecutiveErrorLimit;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /**
     * Durable: every field is plain and serialisable, the analysis thread is rebuilt by {@link #onResume},
     * and a {@code phase} guard makes sure the context completes exactly once.
     */
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());
        // analyses wait for hours; they get their own threads, never Jenkins's shared timer pool
        private static final ExecutorService ANALYSES = Executors.newCachedThreadPool(
                new NamingThreadFactory(new DaemonThreadFactory(), "release-governance autoRollback"));
        /** Analyses under way, interrupted when Jenkins shuts down (they resume after the restart). */
        private static final Set<Future<?>> RUNNING = ConcurrentHashMap.newKeySet();

        enum Phase { ANALYSING, ROLLING_BACK, DONE }

        private final ReleaseRequest request;
        private final String prometheusUrl;
        private final String credentialsId;
        private final String window;
        private final String interval;
        private final String initialDelay;
        private final Integer failureLimit;
        private final Integer consecutiveErrorLimit;
        private Phase phase = Phase.ANALYSING;
        /** When the monitoring window ends (ISO instant); a resumed analysis watches only what remains. */
        private String windowEndsAt;

        private transient Future<?> analysis;

        Execution(StepContext context, AutoRollbackStep step) {
            super(context);
            this.request = step.releaseRequest();
            this.prometheusUrl = step.prometheusUrl;
            this.credentialsId = step.credentialsId;
            this.window = step.window;
            this.interval = step.interval;
            this.initialDelay = step.initialDelay;
            this.failureLimit = step.failureLimit;
            this.consecutiveErrorLimit = step.consecutiveErrorLimit;
        }

        @Override
        public boolean start() throws Exception {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            GovernedRelease release = GovernedRelease.determine(run, ctx.get(EnvVars.class), request, listener);
            AnalysisSpec spec = spec(run, release.policy().policy());
            windowEndsAt = Instant.now().plus(spec.window()).toString();
            ctx.saveState();
            listener.getLogger().println("[release-governance] watching " + spec.metrics().size()
                    + " metric(s) for " + spec.window() + " (until " + windowEndsAt + "), without an executor");
            launch(spec);
            return false;
        }

        private AnalysisSpec spec(Run<?, ?> run, Policy policy) throws AbortException {
            String url = prometheusUrl != null ? prometheusUrl : GovernanceConfiguration.get().getPrometheusUrl();
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
            try {
                var o = PolicyAnalysis.Overrides.of(URI.create(url))
                        .withInterval(StepArgs.duration(NAME, "interval", interval))
                        .withWindow(StepArgs.duration(NAME, "window", window))
                        .withInitialDelay(StepArgs.duration(NAME, "initialDelay", initialDelay))
                        .withLimits(failureLimit, null, consecutiveErrorLimit);
                return PolicyAnalysis.compile(policy, o);
            } catch (IllegalArgumentException e) {
                throw new AbortException(NAME + ": " + e.getMessage());
            }
        }

        private void launch(AnalysisSpec full) throws IOException, InterruptedException {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            // the global credentials go only to the global Prometheus: a Jenkinsfile naming its own URL must
            // name its own credentials, or a pipeline author could send the admin's token anywhere
            String auth = credentialsId != null ? credentialsId
                    : prometheusUrl == null ? GovernanceConfiguration.get().getPrometheusCredentialsId() : null;
            LiveSource source = new LiveSource(Secrets.prometheus(run, auth));
            Duration remaining = Duration.between(Instant.now(), Instant.parse(windowEndsAt));
            AnalysisSpec spec = full.withWindow(remaining.isNegative() ? Duration.ZERO : remaining);
            analysis = ANALYSES.submit(() -> {
                try {
                    AnalysisResult result = new AnalysisRunner(source).run(spec,
                            (m, n) -> listener.getLogger().println("[release-governance] " + m.describe(n)));
                    decided(result);
                } catch (InterruptedException e) {
                    // stop() completes the context itself; at shutdown onResume() starts again
                } catch (Throwable t) {
                    finish(c -> c.onFailure(t));
                }
            });
            RUNNING.removeIf(Future::isDone);
            RUNNING.add(analysis);
        }

        /** Interrupts running analyses before Jenkins stops, so none decides against a dead controller. */
        @Extension
        public static final class Shutdown extends ItemListener {
            @Override
            public void onBeforeShutdown() {
                RUNNING.forEach(f -> f.cancel(true));
            }
        }

        /** Records the decision, then either completes or runs the rollback body. */
        private void decided(AnalysisResult result) throws IOException, InterruptedException {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            GovernedRelease release = GovernedRelease.of(run);
            Policy policy = release.policy().policy();
            ObjectNode analysisJson = toJson(result);
            BuildLedger ledger = BuildLedger.of(run);
            listener.getLogger().println("[release-governance] analysis " + result.phase().label() + ": " + result.reason()
                    + result.detectionLatency().map(d -> " (detected " + d.toSeconds() + "s after the first breach)").orElse(""));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("phase", result.phase().label());
            summary.put("reason", result.reason());
            summary.put("rolledBack", result.rollbackAdvised());

            if (!result.rollbackAdvised()) {
                ObjectNode p = BuildLedger.object().put("kind", "post-deploy-analysis");
                p.set("controls", BuildLedger.JSON.valueToTree(controls(policy, "post-deploy-analysis")));
                p.set("record", analysisJson);
                ledger.append(EventType.EVIDENCE_RECORDED, "jenkins", p);
                if (result.phase() == AnalysisPhase.INCONCLUSIVE) {
                    ctx.setResult(Result.UNSTABLE);
                }
                finish(c -> c.onSuccess(summary));
                return;
            }
            ObjectNode p = BuildLedger.object().put("trigger", result.reason())
                    .put("version", release.getVersion()).put("rollbackTo", release.getPreviousVersion())
                    .put("environment", release.getEnvironment());
            p.set("controls", BuildLedger.JSON.valueToTree(controls(policy, "rollback-record")));
            p.set("analysis", analysisJson);
            ledger.append(EventType.ROLLBACK, "jenkins", p);
            synchronized (this) {
                if (phase != Phase.ANALYSING) {
                    return;
                }
                phase = Phase.ROLLING_BACK;
            }
            ctx.saveState();
            listener.getLogger().println("[release-governance] rolling back " + release.getVersion()
                    + (release.getPreviousVersion() == null ? "" : " to " + release.getPreviousVersion()));
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("RELGOV_ROLLBACK_REASON", result.reason());
            vars.put("RELGOV_FAILED_VERSION", release.getVersion());
            if (release.getPreviousVersion() != null) {
                vars.put("RELGOV_ROLLBACK_VERSION", release.getPreviousVersion());
            }
            ctx.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(ctx.get(EnvironmentExpander.class),
                            EnvironmentExpander.constant(vars)))
                    .withCallback(new RollbackDone(summary))
                    .start();
        }

        private static List<String> controls(Policy policy, String kind) {
            return policy.controlsFor(kind).stream().map(Control::id).toList();
        }

        static ObjectNode toJson(AnalysisResult r) {
            ObjectNode o = BuildLedger.object().put("phase", r.phase().label()).put("reason", r.reason())
                    .put("startedAt", String.valueOf(r.startedAt())).put("decidedAt", String.valueOf(r.decidedAt()));
            if (r.firstBreachAt() != null) {
                o.put("firstBreachAt", r.firstBreachAt().toString());
            }
            r.detectionLatency().ifPresent(d -> o.put("detectionLatencySeconds", d.toMillis() / 1000.0));
            ArrayNode metrics = o.putArray("metrics");
            for (MetricResult m : r.metrics()) {
                metrics.addObject().put("name", m.name()).put("phase", m.phase().label()).put("message", m.message());
            }
            ArrayNode ms = o.putArray("measurements");
            for (Measurement m : r.measurements()) {
                ms.addObject().put("metric", m.metric()).put("at", m.finishedAt().toString())
                        .put("phase", m.phase().label()).put("value", m.value()).put("message", m.message());
            }
            return o;
        }

        private interface Completion {
            void complete(StepContext c);
        }

        /** Completes the context once, whichever of analysis, body or stop gets there first. */
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
                    // the body is running: CPS stops it, and its callback completes the context
                    return;
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
                GovernedRelease release = GovernedRelease.of(run);
                getContext().get(TaskListener.class).getLogger()
                        .println("[release-governance] resuming post-deploy analysis after a restart, until " + windowEndsAt);
                launch(spec(run, release.policy().policy()));
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "cannot resume autoRollback analysis", e);
                finish(c -> c.onFailure(e));
            }
        }

        @Override
        public String getStatus() {
            return "autoRollback " + phase + (windowEndsAt == null ? "" : ", window ends " + windowEndsAt);
        }
    }

    /** After the rollback body: the step succeeds (post-steps still run) and the build is marked FAILURE. */
    static final class RollbackDone extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final LinkedHashMap<String, Object> summary;

        RollbackDone(Map<String, Object> summary) {
            this.summary = new LinkedHashMap<>(summary);
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            try {
                context.get(TaskListener.class).getLogger()
                        .println("[release-governance] rollback completed; the build is marked FAILURE");
            } catch (IOException | InterruptedException e) {
                // the log line is a courtesy; the result below is what matters
            }
            context.setResult(Result.FAILURE);
            context.onSuccess(summary);
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            context.onFailure(t);
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return NAME;
        }

        @Override
        public String getDisplayName() {
            return "Watch post-deploy metrics and roll back on a breach";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        /** No FilePath or Launcher: the analysis holds no executor. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            Set<Class<?>> context = Set.of(Run.class, TaskListener.class, EnvVars.class);
            return context;
        }
    }
}
