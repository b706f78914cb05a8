package io.jenkins.plugins.relgov.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a small input file given on the command line; the error names the file and what it is for. */
final class InputFiles {
    private InputFiles() {}

    /**
     * @throws IllegalArgumentException "{@code what file}: no such file" or "cannot read (it is a directory)";
     *                                  the JDK's own message is often just the path, or "Is a directory"
     */
    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + ": cannot read"
                    + (Files.isDirectory(file) ? " (it is a directory)" : ": " + e.getMessage()));
        }
    }
}
