package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.gate.FileEvidenceIndex;
import io.jenkins.plugins.relgov.gate.GateContext;
import io.jenkins.plugins.relgov.gate.GateEngine;
import io.jenkins.plugins.relgov.gate.GateHistory;
import io.jenkins.plugins.relgov.gate.GateJson;
import io.jenkins.plugins.relgov.gate.GateReevaluation;
import io.jenkins.plugins.relgov.gate.GateResult;
import io.jenkins.plugins.relgov.gate.MissingInput;
import io.jenkins.plugins.relgov.gate.ReportCollector;
import io.jenkins.plugins.relgov.gate.Reports;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.TierKind;
import io.jenkins.plugins.relgov.release.Release;
import io.jenkins.plugins.relgov.release.TierClassifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code relgov gate}: evaluates a policy's pre-deploy gate on report files, from any CI. */
@Command(
        name = "gate",
        usageHelpWidth = 100,
        description = {
            "Evaluates the policy's pre-deploy gate (tests, coverage, findings, freeze windows, branch rule,"
                    + " required evidence) against report files, prints every check and exits 0 (passed), 1 (failed)"
                    + " or 2 (usage or input error: the gate could not be evaluated).",
            "A rule the policy defines is never skipped for want of an option: when tiers require evidence the tier"
                    + " must be known (--tier or --version), when environments restrict branches --environment and"
                    + " --branch must be given, and required evidence needs --evidence; otherwise exit 2 names the"
                    + " missing option."
        },
        footer = {
            "",
            "Example:",
            "  relgov gate --policy inopsio --version v1.4.0 --previous v1.3.2 \\",
            "    --branch release/1.4 --environment production \\",
            "    --junit '**/TEST-*.xml' --coverage target/site/jacoco/jacoco.xml \\",
            "    --sarif 'scan/*.sarif' --evidence evidence/"
        })
public final class GateCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

    @Spec
    CommandSpec spec;

    // not mixinStandardHelpOptions: its -V/--version would take the release's --version
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help")
    boolean help;

    @Option(
            names = "--policy",
            defaultValue = ShippedPolicies.DEFAULT,
            paramLabel = "NAME|FILE",
            description =
                    "a shipped policy's name (${DEFAULT-VALUE}, dealsphere) or a policy file (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--version", paramLabel = "VERSION", description = "the version being released, e.g. v1.4.0")
    String version;

    @Option(names = "--previous", paramLabel = "VERSION", description = "the version in production now, e.g. v1.3.2")
    String previous;

    @Option(
            names = "--tier",
            paramLabel = "TIER",
            description = "the release tier (major, minor, patch, emergency),"
                    + " instead of classifying --version against --previous")
    String tier;

    @Option(names = "--branch", description = "the branch being released, e.g. release/1.4")
    String branch;

    @Option(names = "--environment", paramLabel = "NAME", description = "the target environment, e.g. production")
    String environment;

    @Option(
            names = "--workspace",
            defaultValue = ".",
            paramLabel = "DIR",
            description = "the directory report patterns are relative to (default: the current directory)")
    Path workspace;

    @Option(
            names = "--junit",
            paramLabel = "PATTERN",
            description = "JUnit/Surefire XML files, e.g. '**/TEST-*.xml' (repeatable)")
    List<String> junit = new ArrayList<>();

    @Option(names = "--coverage", paramLabel = "PATTERN", description = "JaCoCo or Cobertura XML files (repeatable)")
    List<String> coverage = new ArrayList<>();

    @Option(names = "--sarif", paramLabel = "PATTERN", description = "SARIF 2.1.0 files (repeatable)")
    List<String> sarif = new ArrayList<>();

    @Option(names = "--trivy", paramLabel = "PATTERN", description = "Trivy JSON reports (repeatable)")
    List<String> trivy = new ArrayList<>();

    @Option(
            names = "--evidence",
            paramLabel = "DIR",
            description =
                    "folder of recorded evidence, one file per kind" + " (test-summary.json, security-scan.sarif, ...)")
    Path evidence;

    @Option(
            names = "--now",
            paramLabel = "INSTANT",
            converter = InstantOption.class,
            description = "decide as of this time (ISO-8601, e.g." + " 2026-12-24T10:00:00Z) instead of the clock")
    Instant now;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "re-evaluate a failing gate this often" + " (30s, 5m, 1h; default: the policy's)")
    String interval;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "stop re-evaluating after this long (default: the policy's)")
    String timeout;

    @Option(names = "--json", description = "print the result (and history) as JSON")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Policy p;
        TierKind tierKind;
        GateReevaluation reevaluation;
        try {
            p = loadPolicy();
            tierKind = tier(p);
            reevaluation =
                    GateReevaluation.of(p.gates(), duration("--interval", interval), duration("--timeout", timeout));
            if (!Files.isDirectory(workspace)) {
                throw new IllegalArgumentException("workspace " + workspace + " is not a directory");
            }
            if (evidence != null && Files.exists(evidence) && !Files.isDirectory(evidence)) {
                throw new IllegalArgumentException(
                        "--evidence " + evidence + " is a file; give the folder of recorded" + " evidence");
            }
        } catch (RuntimeException e) {
            err.println("relgov gate: " + e.getMessage());
            return 2;
        }
        FileEvidenceIndex index = evidence == null ? null : new FileEvidenceIndex(evidence);
        List<MissingInput> missing =
                new GateContext(p, tierKind, environment, branch, Instant.now(), index, null).missingInputs();
        if (!missing.isEmpty()) {
            missing.forEach(
                    m -> err.println("relgov gate: " + option(m.input()) + ": " + m.reason() + " (" + m.rule() + ")"));
            err.println("relgov gate: the gate was not evaluated: it cannot decide a rule the policy defines");
            return 2;
        }
        // --now shifts the clock rather than stopping it, so that re-evaluation still reaches its timeout
        Clock clock =
                now == null ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), now));
        ReportCollector collector = new ReportCollector(workspace);
        AtomicReference<GateResult> latest = new AtomicReference<>();
        GateHistory history = reevaluation.run(
                () -> {
                    Reports reports = collector.collect(junit, coverage, sarif, trivy);
                    latest.set(GateEngine.evaluate(
                            new GateContext(p, tierKind, environment, branch, clock.instant(), index, reports)));
                    return latest.get();
                },
                clock,
                d -> {
                    err.println("relgov gate: " + latest.get().summary() + "; evaluating again in "
                            + (d.toMillis() + 999) / 1000 + "s");
                    err.flush();
                    Thread.sleep(d.toMillis());
                });
        GateResult result = history.last();
        if (json) {
            out.println(history.attempts().size() > 1 ? GateJson.json(history) : GateJson.json(result));
        } else {
            out.print(GateTable.render(result));
            if (history.attempts().size() > 1) {
                out.println("(" + history.attempts().size() + " evaluations since " + history.started() + ")");
            }
        }
        out.flush();
        return result.passed() ? 0 : 1;
    }

    /** The option that gives {@code input}, as a person would type it; "needed" when it was not given. */
    private String option(MissingInput.Input input) {
        return switch (input) {
            case TIER -> tier != null ? "--tier" : "--tier (or --version with --previous) is needed";
            case ENVIRONMENT ->
                environment != null && !environment.isBlank() ? "--environment" : "--environment is needed";
            case BRANCH -> "--branch is needed";
            case EVIDENCE -> "--evidence DIR is needed";
        };
    }

    private Policy loadPolicy() {
        if (ShippedPolicies.isShipped(policy)) {
            return ShippedPolicies.load(policy);
        }
        Path file = Path.of(policy);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--policy '" + policy + "' is "
                    + (Files.isDirectory(file)
                            ? "a directory, not a policy file"
                            : "neither a shipped policy (" + String.join(", ", ShippedPolicies.names())
                                    + ") nor a file"));
        }
        return PolicyLoader.load(file).policy();
    }

    private TierKind tier(Policy p) {
        if (tier != null) {
            try {
                return TierKind.valueOf(tier.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--tier '" + tier + "' is not one of major, minor, patch, emergency");
            }
        }
        if (version != null) {
            Release release = new TierClassifier(p).classify(version, previous, branch);
            spec.commandLine()
                    .getErr()
                    .println("relgov gate: tier " + release.tier().id() + " (" + release.reason() + ")");
            return release.tier();
        }
        if (previous != null) {
            throw new IllegalArgumentException("--previous needs --version");
        }
        return null;
    }

    /** {@code --now}: picocli's own message would name java.time.Instant and the parser's exception. */
    static final class InstantOption implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a UTC time such as 2026-12-24T10:00:00Z");
            }
        }
    }

    static Duration duration(String option, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    option + " '" + text + "' must be a number followed by s, m, h or d (e.g. 5m)");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is too long a time");
        }
    }
}
