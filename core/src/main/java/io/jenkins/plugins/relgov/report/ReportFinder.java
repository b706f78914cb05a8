package io.jenkins.plugins.relgov.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds report files by Ant-style glob patterns ({@code **}{@code /TEST-*.xml}, {@code target/site/jacoco/jacoco.xml},
 * {@code scan/*.sarif}) relative to a base directory, and never outside it: patterns may not be absolute nor
 * contain {@code ..}, directory symlinks are not followed, and a file whose real path leaves the base (a symlink
 * to {@code /etc/passwd}) is skipped.
 */
public final class ReportFinder {
    private static final Pattern GLOB_CHARS = Pattern.compile("[*?\\[{]");

    private final Path base;
    private final Path realBase;

    public ReportFinder(Path base) {
        this.base = base.toAbsolutePath().normalize();
        try {
            this.realBase = this.base.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("base directory " + base + " does not exist", e);
        }
    }

    public Path base() {
        return base;
    }

    /**
     * The regular files matching {@code pattern}, sorted; empty when none matches (the caller reports that).
     *
     * @throws IllegalArgumentException for an absolute pattern or one with {@code ..}
     */
    public List<Path> find(String pattern) {
        String glob = check(pattern);
        // Ant semantics: "**/" also matches no directory at all.
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("**/", "{**/,}"));
        Path start = base.resolve(literalPrefix(glob)).normalize();
        List<Path> found = new ArrayList<>();
        try {
            // the literal directories must not lead outside through a symlink either
            if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)
                    || !start.toRealPath().startsWith(realBase)) {
                return found;
            }
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path relative = base.relativize(file);
                    if (matcher.matches(relative) && inside(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable corners of a workspace are not reports
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + start + " for " + pattern, e);
        }
        found.sort(null);
        return found;
    }

    /** The path shown to users: relative to the base, with forward slashes. */
    public String display(Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    private boolean inside(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            Path real = file.toRealPath();
            return real.startsWith(realBase) && Files.isRegularFile(real);
        }
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static String check(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("empty report pattern");
        }
        String p = pattern.trim().replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*") || p.startsWith("~")) {
            throw new IllegalArgumentException(
                    "report pattern '" + pattern + "' must be relative to the workspace, not absolute");
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("report pattern '" + pattern
                        + "' must not contain '..': reports are read only inside the workspace");
            }
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }

    /** The directories before the first glob character, so that {@code target/surefire-reports/*.xml} walks only there. */
    private static String literalPrefix(String glob) {
        var m = GLOB_CHARS.matcher(glob);
        String literal = m.find() ? glob.substring(0, m.start()) : glob;
        int slash = literal.lastIndexOf('/');
        return slash < 0 ? "" : literal.substring(0, slash);
    }
}
