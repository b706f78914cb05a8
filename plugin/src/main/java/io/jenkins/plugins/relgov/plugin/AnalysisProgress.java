package io.jenkins.plugins.relgov.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.relgov.analysis.AnalysisState;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Where an {@code autoRollback} analysis keeps its progress between rounds (every measurement and counter),
 * so that a controller restart resumes it exactly where it was: a file in the build directory, replaced
 * atomically after each round. It is kept out of the Pipeline program state, which would otherwise be
 * rewritten with hours of measurements every minute.
 */
final class AnalysisProgress {

    private final Path file;

    AnalysisProgress(Run<?, ?> run, String id) {
        this.file = new File(run.getRootDir(), BuildLedger.DIR + "/analysis/" + id + ".json").toPath();
    }

    void save(AnalysisState state) throws IOException {
        Files.createDirectories(Objects.requireNonNull(file.getParent(), "the analysis folder"));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, state.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last saved progress, or null when no round had ended yet. */
    @CheckForNull
    AnalysisState load() throws IOException {
        return Files.exists(file) ? AnalysisState.fromJson(Files.readString(file, StandardCharsets.UTF_8)) : null;
    }

    /** Once decided, the ledger holds every measurement; the progress file has served its purpose. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
