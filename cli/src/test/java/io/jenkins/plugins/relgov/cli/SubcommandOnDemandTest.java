package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line naming a subcommand gets that subcommand alone (a faster start), and must print and exit exactly as
 * the whole command tree does.
 */
class SubcommandOnDemandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        assertThat(Relgov.commandLine("verify", "b.zip").getSubcommands()).containsOnlyKeys("verify");
        assertThat(Relgov.commandLine("policy", "show", "inopsio").getSubcommands())
                .containsOnlyKeys("policy");
        assertThat(Relgov.commandLine("policy", "show")
                        .getSubcommands()
                        .get("policy")
                        .getSubcommands())
                .containsOnlyKeys("validate", "show");
        for (String[] whole : List.of(
                new String[0], new String[] {"--help"}, new String[] {"help", "verify"}, new String[] {"verfy"})) {
            assertThat(Relgov.commandLine(whole).getSubcommands().keySet())
                    .containsExactlyElementsOf(Relgov.SUBCOMMANDS);
        }
        assertThat(Relgov.SUBCOMMANDS)
                .containsExactly("help", "demo", "policy", "gate", "sign", "verify", "report", "image", "analyze");
        Relgov.SUBCOMMANDS.forEach(name -> assertThat(new CommandLine(Relgov.subcommand(name)).getCommandName())
                .isEqualTo(name));
    }

    @Test
    void itPrintsAndExitsAsTheWholeTreeDoes() {
        List<String[]> lines = new java.util.ArrayList<>();
        for (String name : Relgov.SUBCOMMANDS) {
            lines.add(new String[] {name, "--help"});
            lines.add(new String[] {name, "--no-such-option"});
        }
        lines.add(new String[] {"verify"});
        lines.add(new String[] {"sign", "--key"});
        lines.add(new String[] {"policy", "show"});
        lines.add(new String[] {"image", "verify", "--help"});
        lines.add(new String[] {"verify", "no-such-bundle.zip", "--json"});
        for (String[] args : lines) {
            assertThat(run(Relgov.commandLine(args), args))
                    .as(String.join(" ", args))
                    .isEqualTo(run(Relgov.commandLine(), args));
        }
    }
}
