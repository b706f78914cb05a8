package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies a sealed bundle offline: zip structure, the seal signature, every file digest in the
 * manifest, the ledger's hash chain, every evidence file against the ledger, every artifact and container image
 * signature and attestation, their Sigstore bundles, the seal's trusted timestamp, the release decisions (SLSA
 * VSA), the summary, and (given a policy) approvals and required evidence. Each is one
 * {@link BundleCheck}; every problem names the file, line or ledger event and what differs. When the
 * bundle's integrity holds, the report also tells the release's story ({@link ReleaseStory}).
 */
public final class BundleVerifier {
    private static final List<BundleCheck> CHECKS = List.of(
            new ZipCheck(),
            new SealCheck(),
            new ManifestCheck(),
            new LedgerCheck(),
            new EvidenceFilesCheck(),
            new SignaturesCheck(),
            new ImageSignaturesCheck(),
            new AttestationsCheck(),
            new SigstoreCheck(),
            new TimestampCheck(),
            new DecisionCheck(),
            new SummaryCheck(),
            new PolicyCheck());

    /**
     * @param trustedKey the public key the auditor trusts (null: use the key inside the bundle; the result
     *                   is then at best {@link VerificationReport.Result#SIGNER_NOT_ESTABLISHED})
     * @param policy     the policy to check approvals and evidence against (null: skip)
     * @param limits     what the zip may hold (null: {@link ZipLimits#DEFAULT})
     * @param clock      now, to say whether an open post-hoc review's deadline has passed since sealing (null: the system clock)
     * @param tsaCertificates the time-stamping authority certificates the auditor trusts (the TSA's own, or its CA's);
     *                   empty or null: a timestamp is checked for integrity only, and a warning says so
     */
    public record Options(
            VerificationKey trustedKey,
            LoadedPolicy policy,
            ZipLimits limits,
            Clock clock,
            List<X509Certificate> tsaCertificates) {
        public Options {
            limits = limits == null ? ZipLimits.DEFAULT : limits;
            clock = clock == null ? Clock.systemUTC() : clock;
            tsaCertificates = tsaCertificates == null ? List.of() : List.copyOf(tsaCertificates);
        }

        public Options(VerificationKey trustedKey, LoadedPolicy policy, ZipLimits limits, Clock clock) {
            this(trustedKey, policy, limits, clock, null);
        }

        public Options(VerificationKey trustedKey, LoadedPolicy policy, ZipLimits limits) {
            this(trustedKey, policy, limits, null);
        }
    }

    private BundleVerifier() {}

    /**
     * @throws BundleFormatException when the file is not a usable bundle (not a zip, truncated,
     *                               unsafe names or file types, data outside the seal, limits exceeded)
     */
    public static VerificationReport verify(Path bundle, Options options) throws IOException {
        String name = FileNames.of(bundle);
        try (FileChannel ch = FileChannel.open(bundle, StandardOpenOption.READ);
                BundleContents contents =
                        BundleContents.read(ZipDirectory.read(ch, name, options.limits()), options.limits())) {
            var v = new Verification(options, contents);
            List<CheckOutcome> outcomes = new ArrayList<>();
            for (BundleCheck check : CHECKS) {
                String why = check.cannotRun(v);
                if (why != null) {
                    outcomes.add(CheckOutcome.skipped(check.id(), check.label(v), why));
                    continue;
                }
                var findings = new CheckFindings();
                String verified = check.run(v, findings);
                outcomes.add(findings.outcome(check.id(), check.label(v), verified));
            }
            Map<String, BundleContents.Read> files = contents.all();
            // a governance finding (the policy check) leaves the record trustworthy; anything else does not
            boolean integrity = outcomes.stream()
                    .filter(o -> !o.id().equals("policy"))
                    .allMatch(o -> o.problems().isEmpty());
            ReleaseStory story = integrity && v.manifest != null && v.ledger != null && v.ledger.started() != null
                    ? ReleaseStory.of(
                            v.ledger,
                            v.manifest,
                            v.bundledPolicy,
                            options.clock().instant())
                    : null;
            return new VerificationReport(
                    name, outcomes, v.key == null ? null : v.key.fingerprint(), v.keyTrusted, story, v.manifest, files);
        } catch (UncheckedIOException e) { // a bulk file that could not be read while a check waited for its digest
            throw e.getCause();
        }
    }
}
