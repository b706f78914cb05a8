package io.jenkins.plugins.relgov.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code relgov}: the command line over the governance engine. */
@Command(name = "relgov", mixinStandardHelpOptions = true, version = "relgov 0.1.0",
        description = "Release governance from the command line: policies, gates, approvals, signatures, evidence, analysis.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, PolicyCommand.class, GateCommand.class,
                SignCommand.class, VerifyCommand.class, AnalyzeCommand.class})
public final class Relgov {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return new CommandLine(new Relgov()).execute(args);
    }
}
