package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.EntryNames;
import io.jenkins.plugins.relgov.evidence.OscalAssessmentResults;
import io.jenkins.plugins.relgov.evidence.SealedBundle;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jenkins.util.VirtualFile;

/**
 * A build's sealed evidence, kept so that every byte is stored once: the entries made while sealing
 * (ledger as sealed, policy, manifest, seal and its signature, summary, attestations, signatures) in the
 * build directory ({@code release-governance/sealed/}), the recorded files (evidence and signed artifacts)
 * where the artifact manager already holds them. The bundle auditors download is assembled from both on
 * request, by core's deterministic zip writer, so it is the same bytes every time.
 */
final class SealedEvidence {

    static final String FOLDER = BuildLedger.DIR + "/sealed";
    private static final String INDEX = "bundle.json";

    private SealedEvidence() {}

    /** Keeps a freshly sealed release, replacing the previous seal in one step (a download sees one or the other). */
    static void store(Run<?, ?> run, SealedBundle sealed) throws IOException {
        Path dir = folder(run);
        Path next = Files.createTempDirectory(run.getRootDir().toPath(), "sealed-");
        try {
            ObjectNode index = BuildLedger.object().put("bundle", sealed.fileName());
            var generated = index.putArray("generated");
            var recorded = index.putArray("recorded");
            for (var e : sealed.entries().entrySet()) {
                String name = e.getKey();
                // entry names come from the ledger: never let them steer a path
                String unsafe = EntryNames.problem(name);
                if (unsafe != null) {
                    throw new IOException("cannot keep the sealed bundle: entry " + name + ": " + unsafe);
                }
                if (e.getValue().generated()) {
                    Path f = next.resolve(name);
                    Files.createDirectories(Objects.requireNonNull(f.getParent(), name));
                    Files.write(f, e.getValue().bytes());
                    generated.add(name);
                } else {
                    recorded.add(name);
                }
            }
            Files.writeString(next.resolve(INDEX), index.toPrettyString());
            Path old = dir.resolveSibling("sealed-old");
            Util.deleteRecursive(old.toFile());
            if (Files.exists(dir)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(next, dir, StandardCopyOption.ATOMIC_MOVE);
            Util.deleteRecursive(old.toFile());
        } finally {
            Util.deleteRecursive(next.toFile());
        }
    }

    /** The bundle's file name ({@code <name>-<version>-evidence.zip}), or null while the build has no seal. */
    static @CheckForNull String bundleName(Run<?, ?> run) throws IOException {
        JsonNode index = index(run);
        return index == null ? null : index.path("bundle").asText();
    }

    /**
     * Writes the sealed bundle: generated entries from the build directory, recorded files streamed from the
     * artifact manager (S3, Azure or local alike).
     *
     * @throws IOException when the build has no seal, or a recorded file is no longer archived
     */
    static void writeBundle(Run<?, ?> run, OutputStream out) throws IOException {
        JsonNode index = index(run);
        if (index == null) {
            throw new IOException(run.getFullDisplayName() + " has no sealed evidence");
        }
        Path dir = folder(run);
        Map<String, SealedBundle.EntrySource> sources = new LinkedHashMap<>();
        for (JsonNode n : index.path("generated")) {
            Path f = dir.resolve(checked(n.asText()));
            sources.put(n.asText(), () -> Files.newInputStream(f));
        }
        VirtualFile artifacts = run.getArtifactManager().root();
        for (JsonNode n : index.path("recorded")) {
            VirtualFile f = artifacts.child(BuildLedger.DIR + "/" + checked(n.asText()));
            if (!f.isFile()) {
                throw new IOException(n.asText() + " was sealed in the evidence of " + run.getFullDisplayName()
                        + " but is no longer among its artifacts");
            }
            sources.put(n.asText(), f::open);
        }
        SealedBundle.writeZip(sources, out);
    }

    /** The public key the build was sealed with, as Jenkins wrote it when sealing; null while unsealed. */
    static @CheckForNull VerificationKey publicKey(Run<?, ?> run) throws IOException {
        Path pem = folder(run).resolve(SealedBundle.PUBLIC_KEY);
        return Files.isRegularFile(pem) ? VerificationKey.read(pem) : null;
    }

    /** An OSCAL assessment of the sealed bundle: the document's bytes and name, or why there is none. */
    record Oscal(byte[] document, String fileName, List<String> problems) {}

    /**
     * The sealed bundle as an OSCAL assessment-results document, checked as {@code relgov report --oscal} checks
     * it: against the key Jenkins sealed it with and the policy text the build started with.
     */
    static Oscal oscal(Run<?, ?> run) throws IOException {
        GovernedRelease release = GovernedRelease.required(run);
        LoadedPolicy policy = release.startedPolicy();
        Path zip = Files.createTempFile(run.getRootDir().toPath(), "oscal-", ".zip");
        try {
            try (OutputStream out = Files.newOutputStream(zip)) {
                writeBundle(run, out);
            }
            var export = OscalAssessmentResults.export(zip, new BundleVerifier.Options(publicKey(run), policy, null));
            return export.document() == null
                    ? new Oscal(
                            null,
                            null,
                            export.verification().problems().stream()
                                    .map(Object::toString)
                                    .toList())
                    : new Oscal(
                            OscalAssessmentResults.bytes(export.document()),
                            OscalAssessmentResults.fileName(release.releaseName(), release.getVersion()),
                            List.of());
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static String checked(String name) throws IOException {
        String unsafe = EntryNames.problem(name);
        if (unsafe != null) {
            throw new IOException("sealed bundle index names " + name + ": " + unsafe);
        }
        return name;
    }

    private static @CheckForNull JsonNode index(Run<?, ?> run) throws IOException {
        Path f = folder(run).resolve(INDEX);
        return Files.isRegularFile(f) ? BuildLedger.JSON.readTree(f.toFile()) : null;
    }

    private static Path folder(Run<?, ?> run) {
        return new File(run.getRootDir(), FOLDER).toPath();
    }
}
