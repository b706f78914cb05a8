package io.jenkins.plugins.relgov.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code relgov}: the command line over the governance engine. Declared through picocli's programmatic API (as are
 * {@code sign} and {@code verify}, {@link SignCommand} says why); the other commands are annotated classes.
 */
public final class Relgov {
    /**
     * The subcommands' names, in the order help lists them. picocli builds the model of every subcommand it is given up
     * front (for an annotated one, reflection over each option), which was most of a command's start-up, so a command
     * line that names one gets only that one ({@link #commandLine(String...)}).
     */
    static final List<String> SUBCOMMANDS =
            List.of("help", "demo", "policy", "gate", "sign", "verify", "report", "image", "analyze");

    /** A sentence ends at a full stop followed by a space or the end; "e.g. " and "i.e. " do not end one. */
    private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.*?(?<!\\be\\.g|\\bi\\.e)\\.)(\\s|$)");

    public static void main(String[] args) {
        // picocli looks for Groovy's Closure class once, for Groovy scripts; the miss made the JVM open relgov.jar, a
        // command's only reason to (every class comes from the class-data archive): about 10 ms of each command
        System.setProperty("picocli.disable.closures", "true");
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /**
     * The command line as users get it, with every subcommand: command lists show each command's first whole sentence,
     * a bad option is its message and a pointer to --help (not the whole usage), and an exception no command expected
     * is one line naming the command, exit 2, never a stack trace.
     */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, with that subcommand alone (what it
     * prints and does is the same); anything else (help, --version, a typo to suggest a command for) gets them all.
     */
    static CommandLine commandLine(String... args) {
        boolean named = args.length > 0 && SUBCOMMANDS.contains(args[0]) && !args[0].equals("help");
        return named ? commandLine(List.of(args[0])) : commandLine();
    }

    private static CommandLine commandLine(Collection<String> subcommands) {
        CommandSpec root = CommandSpec.create().name("relgov").version("relgov 0.1.0");
        root.usageMessage()
                .description("Release governance from the command line: policies, gates, approvals, signatures,"
                        + " evidence, analysis.");
        CommandLine cli = new CommandLine(StandardHelp.addTo(root));
        for (String name : subcommands) {
            cli.addSubcommand(name, subcommand(name));
        }
        summaries(cli);
        cli.setParameterExceptionHandler((e, args) -> { // the message and where to read more, not the whole usage
            CommandLine command = e.getCommandLine();
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr()
                    .println(command.getCommandSpec().qualifiedName() + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 2;
        });
        return cli;
    }

    /**
     * The subcommand of that name: an annotated command, or the model of one declared through picocli's API. A switch,
     * not a map of constructor references: linking nine of those took a start-up about 5 ms.
     */
    static Object subcommand(String name) {
        return switch (name) {
            case "help" -> new CommandLine.HelpCommand();
            case "demo" -> new DemoCommand();
            case "policy" -> new PolicyCommand();
            case "gate" -> new GateCommand();
            case "sign" -> SignCommand.spec();
            case "verify" -> VerifyCommand.spec();
            case "report" -> new ReportCommand();
            case "image" -> new ImageCommand();
            case "analyze" -> new AnalyzeCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
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
        Help.TextTable table = Help.TextTable.forColumns(
                help.colorScheme(),
                new Column(names, 2, Column.Overflow.SPAN),
                new Column(width - names, 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 2;
        commands.forEach((name, sub) ->
                table.addRowValues(name, summary(sub.commandSpec().usageMessage())));
        return table.toString();
    }

    static String summary(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String text = String.join(" ", Arrays.stream(lines).map(String::strip).toList());
        Matcher m = FIRST_SENTENCE.matcher(text);
        return m.find() ? m.group(1) : text;
    }
}
