package io.jenkins.plugins.relgov.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.ReleaseStarted;
import io.jenkins.plugins.relgov.evidence.Sha256;
import io.jenkins.plugins.relgov.policy.Environment;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyDigest;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import jenkins.model.RunAction2;

/**
 * The release a build governs: which policy (by name and digest), which version, the previous version,
 * the tier that follows from them, the target environment and the branch. The first governance step
 * determines it and attaches it to the run; every later step reuses it, so one build's evidence is
 * always about one release. Not shown by itself: the "Release Governance" page presents it.
 */
public final class GovernedRelease implements RunAction2 {

    private final String policyName;
    private final String policyDigest;
    private final String policyOrigin;
    private final String version;
    private final String previousVersion;
    private final String tier;
    private final String environment;
    private final String branch;
    private final long determinedAt;
    /** When the build may be discarded again (ISO instant), once it carries production evidence. */
    private String retainUntil;
    /** The approval request's settled status, set by {@code requireApproval}. */
    private ApprovalStatus approvalStatus; // XStream writes the name: builds saved as a String load the same
    /** The credentials signArtifact used, reused to seal the evidence when the build completes. */
    private String signingCredentialsId;

    private String signingPasswordCredentialsId;
    /** Where sealing the evidence stands ({@link Sealing}); null before the build completes. */
    private SealStatus sealStatus;

    private String sealMessage;
    /** How many ledger events the current seal covers; a later event means sealing again. */
    private int sealedEvents;

    /** Where sealing the build's evidence stands. */
    public enum SealStatus {
        /** The seal is being made (a large bundle takes seconds to hash). */
        SEALING,
        SEALED,
        /** Nothing to seal with: no signing credentials. */
        NOT_SEALED,
        FAILED
    }

    private transient Run<?, ?> run;
    /** The last reading of the ledger, kept while the ledger file is unchanged (pages ask for it often). */
    private transient ReleaseView view;

    GovernedRelease(
            String policyName,
            String policyDigest,
            String policyOrigin,
            String version,
            String previousVersion,
            String tier,
            String environment,
            String branch,
            long determinedAt) {
        this.policyName = policyName;
        this.policyDigest = policyDigest;
        this.policyOrigin = policyOrigin;
        this.version = version;
        this.previousVersion = previousVersion;
        this.tier = tier;
        this.environment = environment;
        this.branch = branch;
        this.determinedAt = determinedAt;
    }

    /** The release attached to this run, or null when no governance step has run yet. */
    public static @CheckForNull GovernedRelease of(@NonNull Run<?, ?> run) {
        return run.getAction(GovernedRelease.class);
    }

    /** The release of a build that a governance step already started; an error naming the build if none did. */
    public static @NonNull GovernedRelease required(@NonNull Run<?, ?> run) {
        GovernedRelease release = of(run);
        if (release == null) {
            throw new IllegalStateException(
                    run.getFullDisplayName() + " governs no release: no governance step ran in it");
        }
        return release;
    }

    /**
     * The release of this run: the one already attached, checked against what this step says, or a new
     * one determined from the step's request and the build's environment, then attached and recorded in
     * the ledger.
     *
     * @throws AbortException when the request contradicts the attached release, the policy is unknown or
     *                        invalid, the versions do not classify, or the environment is not in the policy
     */
    public static @NonNull GovernedRelease determine(
            @NonNull Run<?, ?> run,
            @NonNull EnvVars env,
            @NonNull ReleaseRequest request,
            @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        ReleaseRequest r = request.withDefaults(env);
        synchronized (BuildLedger.lockFor(run)) {
            GovernedRelease existing = of(run);
            if (existing != null) {
                existing.checkSame(r);
                return existing;
            }
            if (r.policy() == null) {
                throw new AbortException("Name the release governance policy: policy: 'inopsio' on the first "
                        + "governance step, or the RELGOV_POLICY environment variable. Known policies: "
                        + GovernanceConfiguration.get().getPolicyNames());
            }
            ResolvedPolicy p = GovernanceConfiguration.get().resolve(r.policy());
            if (r.version() == null) {
                throw new AbortException("Name the version being released: version: 'v1.4.0' on the first "
                        + "governance step, or the RELGOV_VERSION environment variable.");
            }
            if (r.environment() != null
                    && p.policy().environment(r.environment()).isEmpty()) {
                throw new AbortException("Environment '" + r.environment() + "' is not defined in policy '" + p.name()
                        + "'. Known environments: " + p.policy().environments().keySet());
            }
            TierKind kind = PolicyTexts.tierOf(p.policy(), r.version(), r.previousVersion(), r.branch());
            GovernedRelease release = new GovernedRelease(
                    p.name(),
                    p.digest(),
                    p.origin(),
                    r.version(),
                    r.previousVersion(),
                    kind.id(),
                    r.environment(),
                    r.branch(),
                    System.currentTimeMillis());
            release.run = run;
            release.start(p);
            run.addAction(release);
            run.save();
            listener.getLogger().println("[release-governance] " + release.describe());
            return release;
        }
    }

    /**
     * Keeps the policy text beside the ledger and opens the ledger with the release-started event, in core's
     * {@link ReleaseStarted} shape (the one {@code ReleaseEvidence.start} writes and {@code LedgerView} reads).
     */
    private void start(ResolvedPolicy p) throws IOException {
        File policyFile = new File(run.getRootDir(), BuildLedger.POLICY + p.fileName());
        Files.createDirectories(policyFile.getParentFile().toPath());
        byte[] text = p.text().getBytes(StandardCharsets.UTF_8);
        Files.write(policyFile.toPath(), text);
        ReleaseStarted started = ReleaseStarted.of(
                new ReleaseEvidence.Release(releaseName(), version, tier, previousVersion, environment, branch),
                policyName,
                "policy/" + p.fileName(),
                Sha256.of(text),
                new PolicyDigest(policyDigest).toString(), // sha256:<hex>, as core records it
                policyOrigin);
        BuildLedger.of(run).append(EventType.RELEASE_STARTED, "jenkins", started.payload());
    }

    /** The file name of the policy text kept beside the ledger. */
    String policyFileName() {
        return policyName + ".yaml";
    }

    /** The policy text this build started with, kept beside its ledger: what governed it, whatever changed since. */
    byte[] startedPolicyText() throws IOException {
        return Files.readAllBytes(new File(run.getRootDir(), BuildLedger.POLICY + policyFileName()).toPath());
    }

    /** That policy, loaded. */
    LoadedPolicy startedPolicy() throws IOException {
        return PolicyLoader.load(policyFileName(), startedPolicyText());
    }

    /** The ledger read once, typed, with the policy the build started with (see {@link ReleaseView}). */
    public synchronized ReleaseView view() throws IOException {
        if (view == null
                || view.ledgerStamp() != ReleaseView.stamp(BuildLedger.of(run).path())) {
            view = ReleaseView.read(this);
        }
        return view;
    }

    /** The product being released: the job's full name as one plain segment, usable in bundle entry names. */
    public String releaseName() {
        return run.getParent().getFullName().replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private void checkSame(ReleaseRequest r) throws AbortException {
        StringBuilder diff = new StringBuilder();
        differs(diff, "policy", r.policy(), policyName);
        differs(diff, "version", r.version(), version);
        differs(diff, "previousVersion", r.previousVersion(), previousVersion);
        differs(diff, "environment", r.environment(), environment);
        differs(diff, "branch", r.branch(), branch);
        if (diff.length() > 0) {
            throw new AbortException("This build already governs " + describe() + "; a step cannot change" + diff
                    + ". Use one build per release.");
        }
    }

    private static void differs(StringBuilder diff, String field, String asked, String attached) {
        if (asked != null && attached != null && !asked.equals(attached)) {
            diff.append(' ')
                    .append(field)
                    .append(" (asked '")
                    .append(asked)
                    .append("', is '")
                    .append(attached)
                    .append("')");
        }
    }

    /**
     * The policy that governs this release, resolved again from the global configuration, and refused if
     * its text changed since the release was determined: a build must not switch rules midway.
     */
    public @NonNull ResolvedPolicy policy() throws AbortException {
        ResolvedPolicy p = GovernanceConfiguration.get().resolve(policyName);
        if (!p.digest().equals(policyDigest)) {
            throw new AbortException("Policy '" + policyName + "' changed while this build was running (digest "
                    + shortDigest(policyDigest) + " then, " + shortDigest(p.digest()) + " now). Start a new build.");
        }
        return p;
    }

    /** The tier's rules in the policy that governs this release. */
    public @NonNull Tier tierOf(@NonNull Policy policy) throws AbortException {
        return policy.tier(getTierKind())
                .orElseThrow(() -> new AbortException("Policy '" + policyName + "' defines no tier '" + tier + "'."));
    }

    /** The target environment in the policy, if the release names one. */
    public @CheckForNull Environment environmentOf(@NonNull Policy policy) {
        return environment == null ? null : policy.environment(environment).orElse(null);
    }

    /**
     * Keeps the build from log rotation until the policy's retention period has passed (seed: 7 years).
     * Builds carrying production evidence must outlive any discarder; {@link Run#keepLog(boolean)} is the
     * flag every {@code BuildDiscarder} honours. Jenkins cannot express "kept until", so the date is shown
     * on the evidence page and an administrator may release the build after it.
     */
    public synchronized void retain(@NonNull Policy policy, @NonNull TaskListener listener) throws IOException {
        if (retainUntil != null) {
            return;
        }
        Instant until = Instant.ofEpochMilli(determinedAt)
                .atZone(ZoneOffset.UTC)
                .plus(policy.retention())
                .toInstant();
        retainUntil = until.toString();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            run.keepLog(true); // checks Run.UPDATE, which the step's own authentication may lack; saves
        }
        listener.getLogger()
                .println("[release-governance] build kept: production evidence must be retained until " + retainUntil
                        + " (policy " + policyName + ")");
    }

    public String describe() {
        return "release " + version + (previousVersion == null ? "" : " (previous " + previousVersion + ")")
                + ", tier " + tier + (environment == null ? "" : ", environment " + environment)
                + (branch == null ? "" : ", branch " + branch) + ", policy " + policyName + " (" + policyOrigin
                + ", sha256 " + shortDigest(policyDigest) + ")";
    }

    private static String shortDigest(String d) {
        return d == null ? "?" : d.substring(0, Math.min(12, d.length()));
    }

    /**
     * Called by {@code requireApproval} when an approval request for this release settles, so that
     * {@code signArtifact} can refuse to sign for an environment whose approvals are not complete.
     *
     * @param status the settled status as the core approval engine names it (APPROVED, REJECTED, TIMED_OUT ...)
     */
    public synchronized void approvalSettled(@NonNull ApprovalStatus status) throws IOException {
        this.approvalStatus = status;
        run.save();
    }

    /** The last settled approval status, or null when no approval request has settled. */
    public synchronized @CheckForNull ApprovalStatus getApprovalStatus() {
        return approvalStatus;
    }

    /** True when the release's approval request settled as approved. */
    public synchronized boolean isApproved() {
        return approvalStatus == ApprovalStatus.APPROVED;
    }

    /**
     * True when the release targets production: an environment named {@code production}, or one whose
     * promotion needs manual sign-off. Such builds carry evidence that must be retained.
     */
    public boolean isProduction(@NonNull Policy policy) {
        Environment e = environmentOf(policy);
        return e != null && ("production".equalsIgnoreCase(e.name()) || e.requiresApproval());
    }

    synchronized void signedWith(String keyId, String passwordId) throws IOException {
        if (signingCredentialsId == null) {
            signingCredentialsId = keyId;
            signingPasswordCredentialsId = passwordId;
            run.save();
        }
    }

    synchronized void sealState(@NonNull SealStatus status, String message, int events) throws IOException {
        this.sealStatus = status;
        this.sealMessage = message;
        this.sealedEvents = events;
        run.save();
    }

    public synchronized @CheckForNull SealStatus getSealStatus() {
        return sealStatus;
    }

    /** The bundle's file name once sealed, else why it is not (yet) sealed. */
    public synchronized @CheckForNull String getSealMessage() {
        return sealMessage;
    }

    public synchronized int getSealedEvents() {
        return sealedEvents;
    }

    /** The signing credentials this release was signed with (used to seal it), or null. */
    public synchronized @CheckForNull String getSigningCredentialsId() {
        return signingCredentialsId;
    }

    public synchronized @CheckForNull String getSigningPasswordCredentialsId() {
        return signingPasswordCredentialsId;
    }

    public String getPolicyName() {
        return policyName;
    }

    public String getPolicyDigest() {
        return policyDigest;
    }

    public String getPolicyOrigin() {
        return policyOrigin;
    }

    public String getVersion() {
        return version;
    }

    public @CheckForNull String getPreviousVersion() {
        return previousVersion;
    }

    /** Lower-case tier name: major, minor, patch or emergency. */
    public String getTier() {
        return tier;
    }

    public TierKind getTierKind() {
        return TierKind.of(tier);
    }

    public @CheckForNull String getEnvironment() {
        return environment;
    }

    public @CheckForNull String getBranch() {
        return branch;
    }

    public long getDeterminedAt() {
        return determinedAt;
    }

    public @CheckForNull String getRetainUntil() {
        return retainUntil;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    // not a page of its own: ReleaseEvidenceAction shows it
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
