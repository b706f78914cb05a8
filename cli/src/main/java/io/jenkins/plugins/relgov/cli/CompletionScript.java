package io.jenkins.plugins.relgov.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes relgov's bash/zsh completion script: picocli's AutoComplete over the whole command tree
 * ({@link Relgov#commandLine()}, which builds every subcommand). Run by the cli build.
 * Usage: CompletionScript FILE
 */
public final class CompletionScript {
    private CompletionScript() {}

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), AutoComplete.bash("relgov", Relgov.commandLine()), StandardCharsets.UTF_8);
    }
}
