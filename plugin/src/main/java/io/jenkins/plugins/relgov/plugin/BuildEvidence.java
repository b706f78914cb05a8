package io.jenkins.plugins.relgov.plugin;

import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

/**
 * Attestations of a build, made by core's {@code ReleaseEvidence} resumed from the build's ledger. The
 * DSSE envelope is recorded in the ledger itself, which is where the evidence page and the sealed bundle
 * read it from.
 */
final class BuildEvidence {

    private BuildEvidence() {
    }

    /**
     * Signs an in-toto governance statement over every signed artifact and records it (envelope included) in
     * the ledger. Returns the envelope's bundle entry name ({@code attestations/...}).
     */
    static String attest(Run<?, ?> run, GovernedRelease release, SigningKey key) throws IOException {
        ResolvedPolicy p = release.policy();
        byte[] policyBytes = Files.readAllBytes(new File(run.getRootDir(), BuildLedger.POLICY + p.fileName()).toPath());
        synchronized (BuildLedger.lockFor(run)) {
            Ledger ledger = Ledger.open(BuildLedger.of(run).path(), Clock.systemUTC());
            try {
                // files are read only when sealing; attesting needs the ledger alone
                ReleaseEvidence ev = ReleaseEvidence.resume(ledger, PolicyLoader.load(p.fileName(), policyBytes),
                        policyBytes, name -> run.getRootDir().toPath().resolve(BuildLedger.DIR).resolve(name),
                        Clock.systemUTC());
                ev.attestGovernance(key, "jenkins");
                return lastAttestationPath(ledger.events());
            } finally {
                ledger.close();
            }
        }
    }

    private static String lastAttestationPath(List<LedgerEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type().equals(EventType.ATTESTATION_CREATED.wire())) {
                return events.get(i).payload().path("path").asText();
            }
        }
        throw new IllegalStateException("the attestation was not recorded");
    }
}
