package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.FileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Evidence as files in one folder: a kind is recorded when a non-empty regular file named after it exists,
 * with or without an extension ({@code test-summary.json}, {@code security-scan.sarif}). Symlinks are ignored.
 */
public final class FileEvidenceIndex implements EvidenceIndex {
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path folder;

    public FileEvidenceIndex(Path folder) {
        this.folder = folder;
    }

    @Override
    public Optional<String> find(String kind) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("evidence kind '" + kind + "' must be lower-case words joined by '-'");
        }
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                        String n = FileNames.of(f);
                        return (n.equals(kind) || n.startsWith(kind + ".")) && nonEmptyFile(f);
                    })
                    .map(f -> FileNames.of(f))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list evidence folder " + folder, e);
        }
    }

    private static boolean nonEmptyFile(Path f) {
        try {
            return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "evidence folder " + folder;
    }
}
