package io.jenkins.plugins.relgov.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Attestations of a build, made by core's {@code ReleaseEvidence} resumed from the build's ledger. The
 * DSSE envelope is recorded in the ledger itself, which is where the evidence page and the sealed bundle
 * read it from.
 */
final class BuildEvidence {

    private BuildEvidence() {}

    /** An attestation as recorded: its bundle entry ({@code attestations/...}) and its DSSE envelope. */
    record Attestation(String entry, Dsse.Envelope envelope) {
        String predicateType() {
            return envelope.payloadJson().path("predicateType").asText();
        }
    }

    /**
     * Signs an in-toto governance statement over every signed artifact and image and records it (envelope included)
     * in the ledger; then, when {@code environment} is not null, the release decision for it (a SLSA verification
     * summary saying whether the ledger so far satisfies the policy there). Returns what was recorded, in order.
     */
    static List<Attestation> attest(
            Run<?, ?> run, GovernedRelease release, SigningKey key, @CheckForNull String environment)
            throws IOException {
        ResolvedPolicy p = release.policy();
        byte[] policyBytes = Files.readAllBytes(new File(run.getRootDir(), BuildLedger.POLICY + p.fileName()).toPath());
        synchronized (BuildLedger.lockFor(run)) {
            Ledger ledger = Ledger.open(BuildLedger.of(run).path(), Clock.systemUTC());
            try {
                // files are read only when sealing; attesting needs the ledger alone
                ReleaseEvidence ev = ReleaseEvidence.resume(
                        ledger,
                        PolicyLoader.load(p.fileName(), policyBytes),
                        policyBytes,
                        name -> run.getRootDir()
                                .toPath()
                                .resolve(BuildLedger.DIR)
                                .resolve(name),
                        Clock.systemUTC());
                List<Dsse.Envelope> made = new ArrayList<>();
                made.add(ev.attestGovernance(key, "jenkins"));
                if (environment != null) {
                    made.add(ev.attestReleaseDecision(environment, key, "jenkins"));
                }
                List<String> paths = lastAttestationPaths(ledger.events(), made.size());
                return IntStream.range(0, made.size())
                        .mapToObj(i -> new Attestation(paths.get(i), made.get(i)))
                        .toList();
            } finally {
                ledger.close();
            }
        }
    }

    /** The bundle entries of the last {@code n} attestations recorded, oldest first. */
    private static List<String> lastAttestationPaths(List<LedgerEvent> events, int n) {
        List<String> paths = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && paths.size() < n; i--) {
            if (events.get(i).type().equals(EventType.ATTESTATION_CREATED.wire())) {
                paths.add(0, events.get(i).payload().path("path").asText());
            }
        }
        if (paths.size() != n) {
            throw new IllegalStateException("the attestation was not recorded");
        }
        return paths;
    }
}
