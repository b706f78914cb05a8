package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.relgov.evidence.EntryNames;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.EvidenceRecord;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.SealedBundle;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.Timestamper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import jenkins.util.VirtualFile;

/**
 * Seals a governed build's evidence: when the build completes, whatever its result (a failed gate or a
 * rollback is evidence too), and again whenever the ledger grows after that (a post-hoc review signed
 * days later), so the bundle an auditor downloads always holds the whole ledger.
 *
 * <p>A seal is made with the policy text the build started with, kept in the build directory: a policy
 * changed by an administrator mid-build is recorded in the ledger, never a reason to leave a build unsealed.
 */
final class Sealing {

    private static final Logger LOGGER = Logger.getLogger(Sealing.class.getName());
    /** Builds with a reseal queued, by externalizable id: many late events make one reseal. */
    private static final Set<String> QUEUED = ConcurrentHashMap.newKeySet();
    /** Builds being sealed in this JVM (a persisted SEALING without an entry here was cut short by a restart). */
    private static final Set<String> SEALING = ConcurrentHashMap.newKeySet();

    private static final Object[] LOCKS = new Object[16];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private Sealing() {}

    /** Seals at the end of the build, reporting in its log. */
    static void atCompletion(Run<?, ?> run, TaskListener listener) {
        GovernedRelease release = GovernedRelease.of(run);
        if (release == null) {
            return;
        }
        String message = seal(run, release, listener);
        listener.getLogger().println("[release-governance] " + message);
    }

    /**
     * Asks for the build to be sealed again (its ledger grew, a restart cut a seal short, or an administrator asked
     * after fixing what made it fail); done soon, off the caller's thread.
     */
    static void sealSoon(Run<?, ?> run) {
        String id = run.getExternalizableId();
        if (!QUEUED.add(id)) {
            return;
        }
        Timer.get().submit(() -> {
            QUEUED.remove(id);
            GovernedRelease release = GovernedRelease.of(run);
            if (release != null) {
                try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                    LOGGER.log(Level.INFO, "{0}: {1}", new Object[] {run, seal(run, release, TaskListener.NULL)});
                }
            }
        });
    }

    static boolean inProgress(Run<?, ?> run) {
        return SEALING.contains(run.getExternalizableId()) || QUEUED.contains(run.getExternalizableId());
    }

    /** Seals the build's ledger as it is now (unless the seal already covers all of it); returns what happened. */
    private static String seal(Run<?, ?> run, GovernedRelease release, TaskListener listener) {
        String id = run.getExternalizableId();
        synchronized (LOCKS[Math.floorMod(id.hashCode(), LOCKS.length)]) {
            SEALING.add(id);
            try {
                int events = BuildLedger.of(run).events().size();
                if (release.getSealedEvents() == events) {
                    return "evidence already sealed (" + events + " events)";
                }
                String keyId = release.getSigningCredentialsId() != null
                        ? release.getSigningCredentialsId()
                        : GovernanceConfiguration.get().getSigningCredentialsId();
                if (keyId == null) {
                    release.sealState(
                            GovernedRelease.SealStatus.NOT_SEALED,
                            "no signing credentials: no signArtifact step of this build signed with any, and no"
                                    + " default signing credentials are configured",
                            0);
                    return "evidence not sealed: " + release.getSealMessage();
                }
                release.sealState(GovernedRelease.SealStatus.SEALING, "sealing " + events + " ledger events", 0);
                recordPolicyChange(run, release);
                SigningKey key = Secrets.signingKey(run, keyId, release.getSigningPasswordCredentialsId());
                Timestamper tsa = GovernanceConfiguration.get().timestampAuthority();
                int sealed = sealWith(run, release, key, tsa);
                String name = SealedEvidence.bundleName(run);
                release.sealState(GovernedRelease.SealStatus.SEALED, name, sealed);
                return "evidence sealed: " + name + " (" + sealed + " ledger events"
                        + (tsa == null ? ")" : ", time-stamped by " + tsa.authority() + ")");
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                try {
                    release.sealState(GovernedRelease.SealStatus.FAILED, why, 0);
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
                LOGGER.log(Level.WARNING, "cannot seal the evidence of " + run, e);
                return "evidence NOT sealed: " + why;
            } finally {
                SEALING.remove(id);
            }
        }
    }

    /**
     * An administrator changed (or removed) the policy while the build ran: the evidence says so, and the build
     * is still sealed with the text it started with, which is what governed it.
     */
    private static void recordPolicyChange(Run<?, ?> run, GovernedRelease release) throws IOException {
        String now;
        try {
            now = GovernanceConfiguration.get().resolve(release.getPolicyName()).digest();
        } catch (AbortException e) {
            now = null;
        }
        if (release.getPolicyDigest().equals(now) || policyChangeRecorded(run)) {
            return;
        }
        ObjectNode record = BuildLedger.object()
                .put("policy", release.getPolicyName())
                .put("digestAtStart", release.getPolicyDigest())
                .put("digestNow", now)
                .put(
                        "note",
                        now == null
                                ? "the policy no longer exists in the global configuration"
                                : "the policy was changed in the global configuration while the build ran; "
                                        + "the build was governed, and is sealed, by the text it started with");
        // tagged as any record is, with the controls of the policy that governed the build (the one sealed)
        List<String> controls = release.startedPolicy().policy().controlsFor(POLICY_CHANGED).stream()
                .map(Control::id)
                .toList();
        BuildLedger.of(run)
                .append(
                        EventType.EVIDENCE_RECORDED,
                        "jenkins",
                        new EvidenceRecord(POLICY_CHANGED, record, controls).toPayload());
    }

    static final String POLICY_CHANGED = "policy-changed";

    private static boolean policyChangeRecorded(Run<?, ?> run) throws IOException {
        return BuildLedger.of(run).events().stream()
                .anyMatch(e -> e.type().equals(EventType.EVIDENCE_RECORDED.wire())
                        && POLICY_CHANGED.equals(e.payload().path("kind").asText()));
    }

    /**
     * Makes the seal from the ledger and the recorded files (checked against their digests), time-stamped by the
     * configured authority if any, and keeps it.
     */
    private static int sealWith(Run<?, ?> run, GovernedRelease release, SigningKey key, Timestamper tsa)
            throws IOException {
        byte[] policyBytes = release.startedPolicyText();
        LoadedPolicy policy = PolicyLoader.load(release.policyFileName(), policyBytes);
        Path tmp = Files.createTempDirectory(run.getRootDir().toPath(), "relgov-seal");
        try {
            List<LedgerEvent> events;
            synchronized (BuildLedger.lockFor(run)) {
                events = BuildLedger.of(run).events();
            }
            VirtualFile artifacts = run.getArtifactManager().root();
            ReleaseEvidence ev = ReleaseEvidence.resume(
                    Ledger.of(events, Clock.systemUTC()),
                    policy,
                    policyBytes,
                    entry -> local(artifacts, entry, tmp),
                    Clock.systemUTC());
            // refuses any file whose digest changed; with an authority configured, the seal needs its token (a failure
            // leaves the build unsealed, saying why, and the next seal asks again)
            SealedBundle sealed = ev.seal(key, "jenkins", tsa);
            SealedEvidence.store(run, sealed);
            return events.size();
        } finally {
            Util.deleteRecursive(tmp.toFile());
        }
    }

    /**
     * A recorded file as a local path: the archived file itself when the artifact manager keeps files on this
     * controller, else a temporary copy (removed after sealing).
     */
    private static Path local(VirtualFile artifacts, String entry, Path tmp) {
        String unsafe = EntryNames.problem(entry); // the ledger is data: never let it steer a path
        if (unsafe != null) {
            throw new IllegalArgumentException("cannot seal: the ledger names " + entry + ": " + unsafe);
        }
        try {
            VirtualFile f = artifacts.child(BuildLedger.DIR + "/" + entry);
            if (!f.isFile()) {
                throw new IllegalArgumentException(
                        "cannot seal: " + entry + " is recorded in the ledger but not archived");
            }
            URI uri = f.toURI();
            if ("file".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            Path copy = tmp.resolve(entry);
            Files.createDirectories(Objects.requireNonNull(copy.getParent(), entry));
            try (InputStream in = f.open()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + entry + " from the artifacts: " + e.getMessage(), e);
        }
    }
}
