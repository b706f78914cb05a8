package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.relgov.evidence.EntryNames;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.SealedBundle;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jenkins.util.VirtualFile;

/**
 * Attestations and the sealed evidence bundle of a build, made by core's {@code ReleaseEvidence} resumed
 * from the build's ledger. The files the ledger refers to are read back from the artifact manager, so a
 * bundle is complete whichever artifact manager holds them; core refuses any whose digest changed.
 */
final class BuildEvidence {

    private BuildEvidence() {
    }

    private static byte[] policyBytes(Run<?, ?> run, ResolvedPolicy p) throws IOException {
        return Files.readAllBytes(new File(run.getRootDir(), BuildLedger.POLICY + p.fileName()).toPath());
    }

    /**
     * Signs an in-toto governance statement over every signed artifact, records it (envelope included) in
     * the ledger, and archives the DSSE envelope as a file too. Returns the artifact path of the envelope.
     */
    static String attest(Run<?, ?> run, GovernedRelease release, SigningKey key, TaskListener listener)
            throws IOException, InterruptedException {
        ResolvedPolicy p = release.policy();
        byte[] policyBytes = policyBytes(run, p);
        String entry;
        synchronized (BuildLedger.lockFor(run)) {
            Ledger ledger = Ledger.open(BuildLedger.of(run).path(), Clock.systemUTC());
            try {
                // files are read only when sealing; attesting needs the ledger alone
                ReleaseEvidence ev = ReleaseEvidence.resume(ledger, PolicyLoader.load(p.fileName(), policyBytes),
                        policyBytes, name -> run.getRootDir().toPath().resolve(BuildLedger.DIR).resolve(name), Clock.systemUTC());
                Dsse.Envelope envelope = ev.attestGovernance(key, "jenkins");
                entry = lastAttestationPath(ledger.events());
                Path file = new File(run.getRootDir(), BuildLedger.DIR + "/" + entry).toPath();
                Files.createDirectories(file.getParent());
                Files.writeString(file, envelope.toJson(), StandardCharsets.UTF_8);
            } finally {
                ledger.close();
            }
        }
        BuildLedger.of(run).archiveFromBuildDir(listener, Map.of(BuildLedger.DIR + "/" + entry,
                BuildLedger.DIR + "/" + entry, BuildLedger.LEDGER, BuildLedger.LEDGER));
        return BuildLedger.DIR + "/" + entry;
    }

    private static String lastAttestationPath(List<LedgerEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type().equals(EventType.ATTESTATION_CREATED.wire())) {
                return events.get(i).payload().path("path").asText();
            }
        }
        throw new IllegalStateException("the attestation was not recorded");
    }

    /**
     * Seals the build's evidence with the key: the ledger head, every file's digest and a manifest signed
     * once, written as {@code release-governance/<name>-<version>-evidence.zip} and archived.
     *
     * @return the bundle's artifact path
     */
    static String seal(Run<?, ?> run, GovernedRelease release, SigningKey key, TaskListener listener)
            throws IOException, InterruptedException {
        ResolvedPolicy p = release.policy();
        byte[] policyBytes = policyBytes(run, p);
        Path tmp = Files.createTempDirectory(run.getRootDir().toPath(), "relgov-seal");
        try {
            String bundleName;
            synchronized (BuildLedger.lockFor(run)) {
                List<LedgerEvent> events = BuildLedger.of(run).events();
                // signatures and attestations are in the ledger; recorded files come back from the artifact manager
                VirtualFile root = run.getArtifactManager().root();
                for (String entry : recordedFiles(events)) {
                    String unsafe = EntryNames.problem(entry); // the ledger is data: never let it steer a path
                    if (unsafe != null) {
                        throw new IOException("cannot seal: ledger names " + entry + ": " + unsafe);
                    }
                    VirtualFile f = root.child(BuildLedger.DIR + "/" + entry);
                    if (!f.isFile()) {
                        throw new IOException("cannot seal: " + entry + " is recorded in the ledger but not archived");
                    }
                    Path local = tmp.resolve(entry);
                    Files.createDirectories(local.getParent());
                    try (InputStream in = f.open()) {
                        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                ReleaseEvidence ev = ReleaseEvidence.resume(Ledger.of(events, Clock.systemUTC()),
                        PolicyLoader.load(p.fileName(), policyBytes), policyBytes, tmp::resolve, Clock.systemUTC());
                SealedBundle bundle = ev.seal(key, "jenkins"); // refuses any file whose digest changed
                bundleName = bundle.fileName();
                bundle.writeZip(new File(run.getRootDir(), BuildLedger.DIR + "/" + bundleName).toPath(), true);
            }
            String artifact = BuildLedger.DIR + "/" + bundleName;
            BuildLedger.of(run).archiveFromBuildDir(listener, Map.of(artifact, artifact));
            return artifact;
        } finally {
            Util.deleteRecursive(tmp.toFile());
        }
    }

    /** Bundle entries of recorded files (evidence, and artifacts signed with archiveArtifacts). */
    static List<String> recordedFiles(List<LedgerEvent> events) {
        List<String> out = new java.util.ArrayList<>();
        for (LedgerEvent e : events) {
            JsonNode payload = e.payload();
            EventType type = EventType.of(e.type()).orElse(null);
            if (type == EventType.EVIDENCE_RECORDED && payload.has("file")) {
                out.add("evidence/" + payload.path("file").path("path").asText());
            } else if (type == EventType.ARTIFACT_SIGNED && payload.path("inBundle").asBoolean()) {
                out.add("artifacts/" + payload.path("artifact").asText());
            }
        }
        return out;
    }

    /** The archived bundle's artifact path, if the build was sealed. */
    static @CheckForNull String bundleArtifact(Run<?, ?> run) throws IOException {
        VirtualFile dir = run.getArtifactManager().root().child(BuildLedger.DIR);
        if (!dir.isDirectory()) {
            return null;
        }
        for (VirtualFile f : dir.list()) {
            if (f.getName().endsWith("-evidence.zip") && f.isFile()) {
                return BuildLedger.DIR + "/" + f.getName();
            }
        }
        return null;
    }

    /** Seals at the end of the build with the credentials signArtifact used (or the global default). */
    static void sealAtEnd(Run<?, ?> run, TaskListener listener) {
        GovernedRelease release = GovernedRelease.of(run);
        if (release == null) {
            return;
        }
        String keyId = release.getSigningCredentialsId() != null ? release.getSigningCredentialsId()
                : GovernanceConfiguration.get().getSigningCredentialsId();
        if (keyId == null) {
            listener.getLogger().println("[release-governance] evidence not sealed: no signing credentials "
                    + "(signArtifact was not used and no default signing credentials are configured)");
            return;
        }
        try {
            Policy ignored = release.policy().policy(); // refuses a policy changed mid-build
            SigningKey key = Secrets.signingKey(run, keyId, release.getSigningPasswordCredentialsId());
            String bundle = seal(run, release, key, listener);
            listener.getLogger().println("[release-governance] evidence sealed: " + bundle);
        } catch (IOException | InterruptedException | RuntimeException e) {
            listener.getLogger().println("[release-governance] evidence NOT sealed: " + e.getMessage());
        }
    }
}
