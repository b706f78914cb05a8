package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.GateEvidence;
import io.jenkins.plugins.relgov.gate.CheckResult;
import io.jenkins.plugins.relgov.gate.GateContext;
import io.jenkins.plugins.relgov.gate.GateEngine;
import io.jenkins.plugins.relgov.gate.GateHistory;
import io.jenkins.plugins.relgov.gate.GateReevaluation;
import io.jenkins.plugins.relgov.gate.GateResult;
import io.jenkins.plugins.relgov.gate.ReportCollector;
import io.jenkins.plugins.relgov.gate.Reports;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.Policy;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code releaseGate}: evaluates the policy's pre-deploy gates against the reports in the workspace
 * (parsed on the agent), prints every check, records each in the ledger, and fails the build (or marks
 * it unstable, as the policy says) naming every failed check.
 */
public class ReleaseGateStep extends GovernanceStep {

    static final String NAME = "releaseGate";

    private String junit;
    private String coverage;
    private String sarif;
    private String trivy;
    private String interval;
    private String timeout;

    @DataBoundConstructor
    public ReleaseGateStep() {}

    public String getJunit() {
        return junit;
    }

    /** JUnit/Surefire XML patterns, comma-separated, relative to the workspace. */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
    }

    public String getCoverage() {
        return coverage;
    }

    /** JaCoCo or Cobertura XML patterns. */
    @DataBoundSetter
    public void setCoverage(String coverage) {
        this.coverage = Util.fixEmptyAndTrim(coverage);
    }

    public String getSarif() {
        return sarif;
    }

    /** SARIF 2.1.0 patterns (Trivy, Checkov, CodeQL, Semgrep ...). */
    @DataBoundSetter
    public void setSarif(String sarif) {
        this.sarif = Util.fixEmptyAndTrim(sarif);
    }

    public String getTrivy() {
        return trivy;
    }

    /** Trivy JSON report patterns. */
    @DataBoundSetter
    public void setTrivy(String trivy) {
        this.trivy = Util.fixEmptyAndTrim(trivy);
    }

    public String getInterval() {
        return interval;
    }

    /** Re-evaluate a failing gate this often (overrides the policy's re-evaluation interval). */
    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = Util.fixEmptyAndTrim(interval);
    }

    public String getTimeout() {
        return timeout;
    }

    /** Stop re-evaluating after this long (overrides the policy's re-evaluation timeout). */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Quick work apart from re-evaluation waits; like other blocking steps it does not survive a restart. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient ReleaseGateStep step;

        Execution(ReleaseGateStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            FilePath workspace = ctx.get(FilePath.class);
            EnvVars env = ctx.get(EnvVars.class);
            PrintStream log = listener.getLogger();

            GovernedRelease release = GovernedRelease.determine(run, env, step.releaseRequest(), listener);
            Policy policy = release.policy().policy();
            GateReevaluation reevaluation;
            try {
                reevaluation = GateReevaluation.of(
                        policy.gates(),
                        StepArgs.duration(NAME, "interval", step.interval),
                        StepArgs.duration(NAME, "timeout", step.timeout));
            } catch (IllegalArgumentException e) {
                throw new AbortException(NAME + ": " + e.getMessage());
            }
            BuildLedger ledger = BuildLedger.of(run);
            CollectReports collect = new CollectReports(
                    StepArgs.patterns(step.junit),
                    StepArgs.patterns(step.coverage),
                    StepArgs.patterns(step.sarif),
                    StepArgs.patterns(step.trivy));

            GateHistory history = reevaluation.run(
                    () -> {
                        try {
                            Reports reports = workspace.act(collect); // parsed on the agent; only counts travel back
                            GateResult r = GateEngine.evaluate(new GateContext(
                                    policy,
                                    release.getTierKind(),
                                    release.getEnvironment(),
                                    release.getBranch(),
                                    Instant.now(),
                                    ledger.evidenceIndex(),
                                    reports));
                            log.println(table(r));
                            return r;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while evaluating the gate", e);
                        }
                    },
                    Clock.systemUTC(),
                    d -> {
                        log.println("[release-governance] gate not passed; evaluating again in " + d.toSeconds() + "s");
                        Thread.sleep(d.toMillis());
                    });
            GateResult result = history.last();
            record(ledger, policy, result, history.attempts().size());
            if (release.isProduction(policy)) {
                release.retain(policy, listener);
            }

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("passed", result.passed());
            out.put("outcome", result.outcome().name());
            out.put("failed", result.blocking().stream().map(CheckResult::id).toList());
            out.put("attempts", history.attempts().size());
            switch (result.outcome()) {
                case PASSED -> log.println("[release-governance] " + result.summary());
                case UNSTABLE -> {
                    log.println("[release-governance] " + result.summary() + " (policy marks the build UNSTABLE)");
                    ctx.setResult(Result.UNSTABLE);
                }
                default ->
                    throw new AbortException(result.summary() + "\n"
                            + result.blocking().stream()
                                    .map(c -> "  - " + c.id() + ": " + c.reason())
                                    .collect(Collectors.joining("\n")));
            }
            return out;
        }

        /** One ledger event per check that applies, in core's shape ({@link GateEvidence}). */
        private static void record(BuildLedger ledger, Policy policy, GateResult result, int attempts)
                throws IOException {
            List<String> controls =
                    policy.controlsFor("gate-result").stream().map(Control::id).toList();
            for (ObjectNode p : GateEvidence.checks(result, controls, attempts)) {
                ledger.append(EventType.GATE_EVALUATED, "jenkins", p);
            }
        }

        static String table(GateResult r) {
            StringBuilder b = new StringBuilder("[release-governance] gate checks (policy ")
                    .append(r.policy())
                    .append(r.tier() == null ? "" : ", tier " + r.tier())
                    .append(")\n");
            b.append(String.format(
                    "  %-22s %-8s %-16s %-16s %s%n", "CHECK", "STATUS", "MEASURED", "REQUIRED", "REASON"));
            for (CheckResult c : r.checks()) {
                String status = c.waiver() != null ? "WAIVED" : c.status().name();
                b.append(String.format(
                        "  %-22s %-8s %-16s %-16s %s%n",
                        c.id(), status, dash(c.measured()), dash(c.threshold()), c.reason()));
            }
            return b.toString().stripTrailing();
        }

        private static String dash(String s) {
            return s == null ? "-" : s;
        }
    }

    /** Finds and parses the reports where the workspace is; returns only the parsed counts. */
    static final class CollectReports extends MasterToSlaveFileCallable<Reports> {
        private static final long serialVersionUID = 1L;
        private final List<String> junit;
        private final List<String> coverage;
        private final List<String> sarif;
        private final List<String> trivy;

        CollectReports(List<String> junit, List<String> coverage, List<String> sarif, List<String> trivy) {
            this.junit = List.copyOf(junit);
            this.coverage = List.copyOf(coverage);
            this.sarif = List.copyOf(sarif);
            this.trivy = List.copyOf(trivy);
        }

        @Override
        public Reports invoke(File workspace, VirtualChannel channel) throws IOException {
            // an empty workspace may not exist yet: then every pattern matches nothing, which the gate reports
            java.nio.file.Files.createDirectories(workspace.toPath());
            return new ReportCollector(workspace.toPath()).collect(junit, coverage, sarif, trivy);
        }
    }

    @Extension
    public static final class DescriptorImpl extends GovernanceStepDescriptor {
        public DescriptorImpl() {
            super(NAME, "Release gate: evaluate the policy's pre-deploy checks", FilePath.class);
        }
    }
}
