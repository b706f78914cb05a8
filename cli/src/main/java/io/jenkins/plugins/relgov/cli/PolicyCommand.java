package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.PolicyProblem;
import io.jenkins.plugins.relgov.policy.Satisfiability;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relgov policy validate FILE} and {@code relgov policy show NAME|FILE}. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Validate and show release governance policies.",
        subcommands = {PolicyCommand.Validate.class, PolicyCommand.Show.class})
public final class PolicyCommand {

    /** Exit codes of {@code policy validate}. */
    static final int VALID = 0;

    static final int INVALID = 1;
    static final int UNUSABLE = 2;

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Checks a policy file (YAML, or JSON when it ends in .json) and prints every problem"
                        + " as FILE:LINE:COLUMN: FIELD.PATH: MESSAGE.",
                "A tier or review that no set of distinct listed people can complete is a problem; one that depends"
                        + " on group members, or needs every listed person, is a note.",
                "Exit 0: valid. 1: invalid (every problem printed). 2: unusable (missing, unreadable or not YAML/JSON)."
            })
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the policy file")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                err.println(file
                        + (Files.isDirectory(file) ? ": a directory, not a policy file" : ": no such policy file"));
                return UNUSABLE;
            }
            try {
                LoadedPolicy loaded = PolicyLoader.load(file);
                out.println(file + ": valid policy '" + loaded.policy().name() + "' (" + loaded.digest() + ")");
                notes(loaded.policy()).forEach(n -> out.println(file + ": note: " + n));
                return VALID;
            } catch (PolicyException e) {
                e.problems().stream().map(PolicyProblem::toString).forEach(err::println);
                if (e.malformed()) {
                    return UNUSABLE;
                }
                err.println(
                        e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + " in " + file);
                return INVALID;
            } catch (UncheckedIOException e) {
                err.println(e.getMessage());
                return UNUSABLE;
            }
        }
    }

    /**
     * What validation cannot settle from the file alone: sign-offs whose feasibility depends on group members, and
     * sign-offs that need every listed person, which the triggerer or a commit author (who may not approve) breaks.
     */
    static List<String> notes(Policy policy) {
        SegregationOfDuties sod = policy.segregation();
        List<String> excluded = new ArrayList<>();
        if (sod.excludeTriggerer()) {
            excluded.add("starts the build");
        }
        if (sod.excludeCommitAuthors()) {
            excluded.add("authored a commit in the release");
        }
        List<String> notes = new ArrayList<>();
        Satisfiability.of(policy).forEach((path, r) -> {
            if (r.verdict() == Satisfiability.Verdict.DEPENDS_ON_GROUPS) {
                notes.add(path + ": " + r.reason());
            } else if (!r.needsEveryone().isEmpty() && !excluded.isEmpty()) {
                notes.add(path + ": needs every one of " + String.join(", ", r.needsEveryone()) + "; if one of them "
                        + String.join(" or ", excluded) + ", it cannot be completed (segregation of duties)");
            }
        });
        return notes;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Prints a policy readably: roles, tiers and their approvals, environments, gates,"
                        + " post-deploy thresholds, rollback, segregation of duties, evidence and controls.",
                "NAME is a shipped policy (inopsio, dealsphere); anything else is read as a file."
            })
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME|FILE", description = "a shipped policy name or a policy file")
        String policy;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                LoadedPolicy loaded;
                if (ShippedPolicies.isShipped(policy)) {
                    loaded = ShippedPolicies.loaded(policy);
                } else if (Files.isRegularFile(Path.of(policy))) {
                    loaded = PolicyLoader.load(Path.of(policy));
                } else {
                    err.println("'" + policy + "' is "
                            + (Files.isDirectory(Path.of(policy))
                                    ? "a directory, not a policy file"
                                    : "neither a shipped policy (" + String.join(", ", ShippedPolicies.names())
                                            + ") nor a policy file"));
                    return UNUSABLE;
                }
                PrintWriter out = spec.commandLine().getOut();
                out.print(PolicyReport.render(loaded));
                out.flush();
                return VALID;
            } catch (PolicyException e) {
                e.problems().stream().map(PolicyProblem::toString).forEach(err::println);
                return e.malformed() ? UNUSABLE : INVALID;
            } catch (UncheckedIOException e) {
                err.println(e.getMessage());
                return UNUSABLE;
            }
        }
    }
}
