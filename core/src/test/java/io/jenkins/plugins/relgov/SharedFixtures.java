package io.jenkins.plugins.relgov;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared real public reports (system property {@code relgov.fixtures}, set by the build). They lie beside
 * the project's development checkout, not in the repository, so a fresh clone has none: a test that reads them
 * is then skipped, and the run says so once. Every parser also has tests on reports the project made itself
 * ({@code /reports/generated}), which always run.
 */
public final class SharedFixtures {
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private SharedFixtures() {}

    /** The fixtures folder; skips the calling test when it is absent. */
    public static Path dir() {
        String property = System.getProperty("relgov.fixtures");
        Path dir = property == null ? null : Path.of(property).toAbsolutePath().normalize();
        boolean present = dir != null && Files.isDirectory(dir);
        String absent = "shared public report fixtures not found at " + (dir == null ? "(relgov.fixtures unset)" : dir);
        if (!present && TOLD.compareAndSet(false, true)) {
            System.out.println("[relgov] " + absent + ": the tests that read them are skipped"
                    + " (-Drelgov.fixtures=DIR points to them)");
        }
        Assumptions.assumeTrue(present, absent);
        return dir;
    }

    /** A file in the fixtures folder; skips the calling test when the folder is absent. */
    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }
}
