package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.gate.EvidenceIndex;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jenkins.util.BuildListenerAdapter;

/**
 * The build's evidence ledger: core's hash-chained event log, kept in the build directory
 * ({@code release-governance/ledger.jsonl}) beside the policy text the build started with. It is not an
 * artifact: the evidence page serves it as it is now, and the sealed bundle carries it as it was sealed.
 * Every governance step appends to it; appends from parallel branches are serialised per build, so the
 * chain never forks. An event appended after the build completed (a post-hoc review) has the build sealed
 * again, so the bundle never lags behind the ledger.
 *
 * <p>Payloads follow core's {@code ReleaseEvidence} shapes, so {@code relgov verify} reads the bundle.
 */
public final class BuildLedger {

    /** Folder, inside the build directory and inside the artifacts, that holds everything we write. */
    public static final String DIR = "release-governance";

    public static final String LEDGER = DIR + "/ledger.jsonl";
    /** Artifact folders for files recorded as evidence, signatures and attestations. */
    public static final String EVIDENCE = DIR + "/evidence/";

    public static final String SIGNATURES = DIR + "/signatures/";
    public static final String ATTESTATIONS = DIR + "/attestations/";
    public static final String POLICY = DIR + "/policy/";

    static final ObjectMapper JSON = new ObjectMapper();
    // striped: one lock per build without keeping a map entry per build forever
    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private final Run<?, ?> run;

    private BuildLedger(Run<?, ?> run) {
        this.run = run;
    }

    public static @NonNull BuildLedger of(@NonNull Run<?, ?> run) {
        return new BuildLedger(run);
    }

    /** The monitor that serialises appends (and release determination) for one build. */
    static Object lockFor(Run<?, ?> run) {
        return LOCKS[Math.floorMod(run.getRootDir().getAbsolutePath().hashCode(), LOCKS.length)];
    }

    /** The ledger file in the build directory. */
    public @NonNull Path path() {
        return new File(run.getRootDir(), LEDGER).toPath();
    }

    /**
     * Appends one event to the chain and returns it as written. The file is reopened (and its chain
     * checked) on every append, so the ledger on disk is the only state: it survives restarts.
     *
     * @param actor   the acting user id, or {@code jenkins} for the build itself
     * @param payload a JSON object, in the shape core's {@code ReleaseEvidence} writes for this type
     */
    public @NonNull LedgerEvent append(@NonNull EventType type, @NonNull String actor, @NonNull JsonNode payload)
            throws IOException {
        LedgerEvent appended;
        synchronized (lockFor(run)) {
            Files.createDirectories(Objects.requireNonNull(path().getParent(), "the ledger's folder"));
            Ledger ledger = Ledger.open(path(), Clock.systemUTC());
            try {
                appended = ledger.append(type, actor, payload);
            } finally {
                ledger.close();
            }
        }
        if (!run.isBuilding()) {
            Sealing.sealSoon(run);
        }
        return appended;
    }

    /** A fresh JSON object for payloads. */
    public static @NonNull ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Every event so far, in order (empty when nothing was recorded). */
    public @NonNull List<LedgerEvent> events() throws IOException {
        synchronized (lockFor(run)) {
            if (!Files.exists(path())) {
                return List.of();
            }
            try (InputStream in = Files.newInputStream(path())) {
                return Ledger.read(in, LEDGER);
            }
        }
    }

    /** The evidence kinds recorded so far. */
    public @NonNull Set<String> recordedKinds() throws IOException {
        return Ledger.of(events(), Clock.systemUTC()).recordedKinds();
    }

    /** The evidence recorded so far, as the gate engine asks for it (for gates that require evidence). */
    public @NonNull EvidenceIndex evidenceIndex() throws IOException {
        return Ledger.of(events(), Clock.systemUTC()).asEvidenceIndex();
    }

    /**
     * Archives files from a workspace (on whichever agent holds it) under the given artifact names; the
     * artifact manager copies or uploads them from there, so large files never pass through the controller.
     *
     * @param artifacts artifact path → path relative to {@code workspace}
     */
    public void archiveFiles(
            @NonNull FilePath workspace,
            @NonNull Launcher launcher,
            @NonNull TaskListener listener,
            @NonNull Map<String, String> artifacts)
            throws IOException, InterruptedException {
        if (!artifacts.isEmpty()) {
            run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), artifacts);
        }
    }
}
