package io.jenkins.plugins.relgov.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Model.UsageMessageSpec;

/** {@code relgov}: the command line over the governance engine. */
@Command(name = "relgov", mixinStandardHelpOptions = true, version = "relgov 0.1.0",
        description = "Release governance from the command line: policies, gates, approvals, signatures, evidence, analysis.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, PolicyCommand.class, GateCommand.class,
                SignCommand.class, VerifyCommand.class, ReportCommand.class, ImageCommand.class, AnalyzeCommand.class})
public final class Relgov {
    /** A sentence ends at a full stop followed by a space or the end; "e.g. " and "i.e. " do not end one. */
    private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.*?(?<!\\be\\.g|\\bi\\.e)\\.)(\\s|$)");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line as users get it: command lists show each command's first whole sentence, a bad option is
     * its message and a pointer to --help (not the whole usage), and an exception no command expected is one line
     * naming the command, exit 2, never a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Relgov());
        summaries(cli);
        cli.setParameterExceptionHandler((e, args) -> { // the message and where to read more, not the whole usage
            CommandLine command = e.getCommandLine();
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
            return 2;
        });
        return cli;
    }

    private static void summaries(CommandLine cli) {
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Relgov::commandList);
        cli.getSubcommands().values().stream().distinct().forEach(Relgov::summaries);
    }

    /** picocli lists the first line of each description; ours span lines, so that was half a sentence. */
    private static String commandList(Help help) {
        Map<String, Help> commands = help.subcommands();
        if (commands.isEmpty()) {
            return "";
        }
        int names = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        int width = help.commandSpec().usageMessage().width();
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                new Column(names, 2, Column.Overflow.SPAN), new Column(width - names, 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 2;
        commands.forEach((name, sub) -> table.addRowValues(name, summary(sub.commandSpec().usageMessage())));
        return table.toString();
    }

    static String summary(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String text = String.join(" ", Arrays.stream(lines).map(String::strip).toList());
        Matcher m = FIRST_SENTENCE.matcher(text);
        return m.find() ? m.group(1) : text;
    }
}
