package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.analysis.AnalysisPhase;
import io.jenkins.plugins.relgov.analysis.AnalysisResult;
import io.jenkins.plugins.relgov.analysis.AnalysisRunner;
import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.LiveSource;
import io.jenkins.plugins.relgov.analysis.MetricResult;
import io.jenkins.plugins.relgov.analysis.MetricSpec;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysis;
import io.jenkins.plugins.relgov.analysis.argo.ArgoTemplates;
import io.jenkins.plugins.relgov.analysis.argo.GoDuration;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relgov analyze}: runs a post-deploy analysis against Prometheus and exits with its decision.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Watch post-deploy metrics in Prometheus and decide: Successful, Failed, Inconclusive or Error.",
            "Rules come from an Argo Rollouts AnalysisTemplate (--template) or a policy's postDeploy section (--policy)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Successful",
            "1:Failed (roll back)",
            "2:Error (Prometheus unusable beyond the limit, or a query it rejects) or unusable input",
            "3:Inconclusive (a person decides)"
        })
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Rules rules;

    static final class Rules {
        @Option(
                names = "--template",
                paramLabel = "FILE",
                description = "an Argo Rollouts AnalysisTemplate, its spec, or a metrics list (YAML)")
        Path template;

        @Option(
                names = "--policy",
                paramLabel = "NAME|FILE",
                description = "a shipped policy name (inopsio, dealsphere) or a policy file")
        String policy;
    }

    @Option(
            names = "--prometheus",
            paramLabel = "URL",
            description = "Prometheus' address; with --template it replaces every metric's address")
    URI prometheus;

    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "a template argument ({{args.NAME}})")
    Map<String, String> args = new LinkedHashMap<>();

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            description = "total analysis time (e.g. 10m; policy default: its monitoringWindow)")
    String window;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "policy rules: time between measurements (default 1m)")
    String interval;

    @Option(
            names = "--initial-delay",
            paramLabel = "DURATION",
            description = "policy rules: wait before the first measurement")
    String initialDelay;

    @Option(
            names = "--failure-limit",
            paramLabel = "N",
            description = "policy rules: failed measurements tolerated (default 0)")
    Integer failureLimit;

    @Option(
            names = "--inconclusive-limit",
            paramLabel = "N",
            description = "policy rules: inconclusive measurements tolerated (default -1: keep watching)")
    Integer inconclusiveLimit;

    @Option(
            names = "--consecutive-error-limit",
            paramLabel = "N",
            description = "policy rules: consecutive query errors tolerated (default 4)")
    Integer consecutiveErrorLimit;

    @Option(
            names = "--empty-result",
            paramLabel = "PHASE",
            description = "what an empty result counts as (default Inconclusive; Error retries it as Argo does)")
    String emptyResult;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "policy rules: per-query timeout (default 30s)")
    String timeout;

    @Option(names = "--health-check", paramLabel = "NAME=URL", description = "policy rules: GET URL must answer 200")
    Map<String, String> healthChecks = new LinkedHashMap<>();

    @Option(
            names = "--bearer-token-file",
            paramLabel = "FILE",
            description = "a file holding a bearer token for Prometheus")
    Path bearerTokenFile;

    @Option(names = "--basic-auth-user", paramLabel = "USER", description = "basic auth user for Prometheus")
    String basicUser;

    @Option(
            names = "--basic-auth-password-file",
            paramLabel = "FILE",
            description = "a file holding the basic auth password")
    Path basicPasswordFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalysisSpec analysis;
        PrometheusAuth auth;
        try {
            auth = auth();
            analysis = rules.template != null ? fromTemplate() : fromPolicy();
        } catch (IllegalArgumentException | PolicyException | IOException e) {
            err.println("relgov analyze: " + e.getMessage());
            return 2;
        }
        out.println("Analysing " + analysis.metrics().size() + " metric"
                + (analysis.metrics().size() == 1 ? "" : "s")
                + (analysis.window() == null ? "" : " for " + human(analysis.window())) + ":");
        for (MetricSpec m : analysis.metrics()) {
            out.println("  " + m.name() + ": " + m.provider().describe().replaceAll("\\s+", " ")
                    + (m.successCondition() == null ? "" : " | success: " + m.successCondition())
                    + (m.failureCondition() == null ? "" : " | failure: " + m.failureCondition()));
        }
        out.flush();
        AnalysisResult result;
        try {
            result = new AnalysisRunner(new LiveSource(auth)).run(analysis, (m, n) -> {
                out.println(m.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " " + m.describe(n));
                out.flush();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("relgov analyze: interrupted");
            return 2;
        }
        for (MetricResult m : result.metrics()) {
            out.println("  " + m.name() + ": " + m.phase().label() + " - " + m.message());
        }
        out.println("Decision: " + result.phase().label() + " - " + result.reason());
        result.detectionLatency()
                .ifPresent(d -> out.println("Detection latency (first breach to decision): " + d.toMillis() + " ms"));
        out.flush();
        return result.phase().exitCode();
    }

    private AnalysisSpec fromTemplate() throws IOException {
        String yaml = InputFiles.read(rules.template, "template");
        if (interval != null
                || initialDelay != null
                || failureLimit != null
                || inconclusiveLimit != null
                || consecutiveErrorLimit != null
                || timeout != null
                || !healthChecks.isEmpty()) {
            throw new IllegalArgumentException("--interval, --initial-delay, the limits, --timeout and"
                    + " --health-check apply to --policy; a template states them itself");
        }
        AnalysisSpec parsed = ArgoTemplates.parse(
                yaml,
                rules.template.toString(),
                args,
                null,
                prometheus,
                window == null ? null : duration("--window", window));
        if (emptyResult == null) {
            return parsed;
        }
        AnalysisPhase empty = AnalysisPhase.parse(emptyResult);
        return new AnalysisSpec(
                parsed.metrics().stream().map(m -> m.withEmptyResult(empty)).toList(), parsed.window());
    }

    private AnalysisSpec fromPolicy() {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("--arg applies to --template");
        }
        if (prometheus == null) {
            throw new IllegalArgumentException("--policy needs --prometheus URL");
        }
        Policy policy = ShippedPolicies.isShipped(rules.policy)
                ? ShippedPolicies.load(rules.policy)
                : PolicyLoader.load(Path.of(rules.policy)).policy();
        List<PolicyAnalysis.HealthCheckRule> checks = new ArrayList<>();
        healthChecks.forEach((name, url) -> checks.add(new PolicyAnalysis.HealthCheckRule(name, URI.create(url), 200)));
        PolicyAnalysis.Overrides o = PolicyAnalysis.Overrides.of(prometheus)
                .withLimits(failureLimit, inconclusiveLimit, consecutiveErrorLimit)
                .withHealthChecks(checks);
        if (interval != null) {
            o = o.withInterval(duration("--interval", interval));
        }
        if (initialDelay != null) {
            o = o.withInitialDelay(duration("--initial-delay", initialDelay));
        }
        if (window != null) {
            o = o.withWindow(duration("--window", window));
        }
        if (timeout != null) {
            o = o.withQueryTimeout(duration("--timeout", timeout));
        }
        if (emptyResult != null) {
            o = o.withEmptyResult(AnalysisPhase.parse(emptyResult));
        }
        AnalysisSpec compiled = PolicyAnalysis.compile(policy, o);
        PolicyAnalysis.warnings(policy, o)
                .forEach(w -> spec.commandLine().getErr().println("relgov analyze: warning: " + w));
        return compiled;
    }

    private PrometheusAuth auth() throws IOException {
        if (bearerTokenFile != null && basicUser != null) {
            throw new IllegalArgumentException("give either --bearer-token-file or --basic-auth-user, not both");
        }
        if (bearerTokenFile != null) {
            return PrometheusAuth.bearer(InputFiles.read(bearerTokenFile, "bearer token file"));
        }
        if (basicUser != null) {
            if (basicPasswordFile == null) {
                throw new IllegalArgumentException("--basic-auth-user needs --basic-auth-password-file");
            }
            return PrometheusAuth.basic(
                    basicUser,
                    InputFiles.read(basicPasswordFile, "password file").strip());
        }
        return PrometheusAuth.NONE;
    }

    private static Duration duration(String option, String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
