package io.jenkins.plugins.relgov.plugin;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.Tasks;
import hudson.remoting.VirtualChannel;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.relgov.evidence.EntryNames;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.ImageEvidence;
import io.jenkins.plugins.relgov.evidence.Sha256;
import io.jenkins.plugins.relgov.evidence.SignatureEvidence;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.Environment;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;

/**
 * {@code signArtifact}: signs workspace files with a key from Jenkins Credentials, on the agent, writing
 * {@code FILE.sig} in the format {@code cosign sign-blob} writes (and {@code openssl dgst -verify} accepts
 * after base64 decoding); signs a container image in its registry, from the agent, as {@code cosign sign --key}
 * does; records every signature in the ledger, and adds a signed in-toto attestation carrying the release's
 * governance record (gates, approvals, evidence) and, when the release names an environment, the release
 * decision for it (a SLSA verification summary), both attached beside a signed image as {@code cosign attest} does.
 */
public class SignArtifactStep extends GovernanceStep {

    static final String NAME = "signArtifact";
    /** Longest wait for one registry answer, body included (core's default, as {@code relgov image}'s). */
    static final int REGISTRY_TIMEOUT_SECONDS = 30;

    private String files;
    private String image;
    private String registryCredentialsId;
    private boolean allowHttpRegistry;
    private String credentialsId;
    private String passwordCredentialsId;
    private boolean attest = true;
    private boolean archiveArtifacts;

    @DataBoundConstructor
    public SignArtifactStep() {}

    /** Files to sign: comma-separated patterns relative to the workspace ({@code target/*.jar}). */
    public String getFiles() {
        return files;
    }

    @DataBoundSetter
    public void setFiles(String files) {
        this.files = Util.fixEmptyAndTrim(files);
    }

    /** A container image to sign in its registry: {@code registry/repository@sha256:<hex>}, or {@code :tag}. */
    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    /** A Username/Password credential for the image's registry; without it, Docker's config.json on the agent. */
    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
    }

    public boolean isAllowHttpRegistry() {
        return allowHttpRegistry;
    }

    /** Reach the registry (and its token service) over plain HTTP, e.g. a registry on localhost; HTTPS otherwise. */
    @DataBoundSetter
    public void setAllowHttpRegistry(boolean allowHttpRegistry) {
        this.allowHttpRegistry = allowHttpRegistry;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret file or secret text holding a PEM PKCS#8 private key; defaults to the global signing credentials. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getPasswordCredentialsId() {
        return passwordCredentialsId;
    }

    /** Secret text holding the password of an encrypted private key. */
    @DataBoundSetter
    public void setPasswordCredentialsId(String passwordCredentialsId) {
        this.passwordCredentialsId = Util.fixEmptyAndTrim(passwordCredentialsId);
    }

    public boolean isAttest() {
        return attest;
    }

    /** Also write a signed in-toto governance attestation over the signed files (default true). */
    @DataBoundSetter
    public void setAttest(boolean attest) {
        this.attest = attest;
    }

    public boolean isArchiveArtifacts() {
        return archiveArtifacts;
    }

    /**
     * Archive the signed files themselves, so the evidence bundle contains them. Needed for Ed25519 keys,
     * whose signatures cover the whole file rather than its digest.
     */
    @DataBoundSetter
    public void setArchiveArtifacts(boolean archiveArtifacts) {
        this.archiveArtifacts = archiveArtifacts;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<List<String>> {
        private static final long serialVersionUID = 1L;
        private final transient SignArtifactStep step;

        Execution(SignArtifactStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<String> run() throws Exception {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            FilePath workspace = ctx.get(FilePath.class);
            Launcher launcher = ctx.get(Launcher.class);
            EnvVars env = ctx.get(EnvVars.class);

            List<String> patterns = StepArgs.patterns(step.files);
            if (patterns.isEmpty() && step.image == null) {
                throw new AbortException(NAME + ": name the files to sign (files: 'target/*.jar'), an image "
                        + "(image: 'registry.example/team/app@sha256:…'), or both");
            }
            if (step.image != null) {
                try {
                    ImageReference.parse(step.image);
                } catch (IllegalArgumentException e) {
                    throw new AbortException(NAME + ": image: " + e.getMessage());
                }
            }
            GovernedRelease release = GovernedRelease.determine(run, env, step.releaseRequest(), listener);
            ResolvedPolicy resolved = release.policy();
            Policy policy = resolved.policy();
            refuseWithoutApprovals(release, policy);

            String keyId = step.credentialsId != null
                    ? step.credentialsId
                    : GovernanceConfiguration.get().getSigningCredentialsId();
            if (keyId == null) {
                throw new AbortException(NAME + ": no signing credentials: pass credentialsId or set the default "
                        + "signing credentials in Manage Jenkins » Security » Release Governance.");
            }
            // parsed here first: a wrong key or password fails before any file or registry is touched
            SigningKey key = Secrets.signingKey(run, keyId, step.passwordCredentialsId);
            if (!patterns.isEmpty() && key.algorithm() == KeyAlgorithm.ED25519 && !step.archiveArtifacts) {
                throw new AbortException(NAME + ": an Ed25519 signature covers the whole file, so auditors can "
                        + "verify it only with the file: set archiveArtifacts: true, or use an ECDSA P-256 key.");
            }
            AgentImages.Registry registry = step.image == null
                    ? null
                    : new AgentImages.Registry(
                            step.registryCredentialsId == null
                                    ? null
                                    : Secrets.registry(run, step.registryCredentialsId),
                            env.get("DOCKER_CONFIG"),
                            env.get("PATH"),
                            step.allowHttpRegistry,
                            REGISTRY_TIMEOUT_SECONDS);
            List<String> controls =
                    policy.controlsFor("signature").stream().map(Control::id).toList();

            List<String> out = new ArrayList<>();
            if (!patterns.isEmpty()) {
                out.addAll(signFiles(run, workspace, launcher, listener, patterns, keyId, key, controls));
            }
            ImageSignature signedImage = null;
            if (step.image != null) {
                signedImage = signImage(run, workspace, listener, registry, keyId, key, controls);
                out.add(signedImage.image());
            }
            release.signedWith(keyId, step.passwordCredentialsId);
            if (step.attest) {
                Environment target = release.environmentOf(policy);
                List<BuildEvidence.Attestation> made =
                        BuildEvidence.attest(run, release, key, target == null ? null : target.name());
                for (BuildEvidence.Attestation a : made) {
                    JsonNode predicate = a.envelope().payloadJson().path("predicate");
                    listener.getLogger()
                            .println("[release-governance] "
                                    + (predicate.has("verificationResult")
                                            ? "release decision for " + target.name() + ": "
                                                    + predicate
                                                            .path("verificationResult")
                                                            .asText() + " (" + a.entry() + ")"
                                            : "governance attestation " + a.entry()));
                }
                if (signedImage != null) {
                    List<String> envelopes =
                            made.stream().map(a -> a.envelope().toJson()).toList();
                    List<String> tags =
                            channel(workspace).call(new AgentImages.Attach(signedImage.image(), registry, envelopes));
                    for (int i = 0; i < tags.size(); i++) {
                        listener.getLogger()
                                .println("[release-governance] attached "
                                        + made.get(i).predicateType() + " to " + tags.get(i));
                    }
                }
            }
            if (release.isProduction(policy)) {
                release.retain(policy, listener);
            }
            return out;
        }

        /** Signs the workspace files on the agent, archives and records the signatures; returns the .sig paths. */
        private List<String> signFiles(
                Run<?, ?> run,
                FilePath workspace,
                Launcher launcher,
                TaskListener listener,
                List<String> patterns,
                String keyId,
                SigningKey key,
                List<String> controls)
                throws IOException, InterruptedException {
            List<AgentFiles.Signed> signed;
            try {
                signed = workspace.act(new AgentFiles.Sign(
                        patterns,
                        Secrets.pem(run, keyId),
                        Secrets.password(run, step.passwordCredentialsId),
                        "credentials " + keyId));
            } catch (IllegalArgumentException e) {
                throw new AbortException(NAME + ": " + e.getMessage());
            }

            for (AgentFiles.Signed s : signed) {
                String unsafe = EntryNames.problem(SignatureEvidence.signatureEntry(s.path()));
                if (unsafe != null) {
                    throw new AbortException(NAME + ": " + s.path() + " cannot go into an evidence bundle: " + unsafe);
                }
            }
            BuildLedger ledger = BuildLedger.of(run);
            Map<String, String> archive = new LinkedHashMap<>();
            List<String> sigFiles = new ArrayList<>();
            for (AgentFiles.Signed s : signed) {
                ledger.append(
                        EventType.ARTIFACT_SIGNED,
                        "jenkins",
                        SignatureEvidence.signed(
                                s.path(),
                                new Sha256.Digest(s.sha256(), s.size()),
                                s.signature(),
                                key.publicKey(),
                                step.archiveArtifacts,
                                controls));
                archive.put(BuildLedger.DIR + "/" + SignatureEvidence.signatureEntry(s.path()), s.path() + ".sig");
                if (step.archiveArtifacts) {
                    archive.put(BuildLedger.DIR + "/" + SignatureEvidence.artifactEntry(s.path()), s.path());
                }
                sigFiles.add(s.path() + ".sig");
                listener.getLogger()
                        .println("[release-governance] signed " + s.path() + " (sha256 " + s.sha256() + ", "
                                + key.algorithm() + " key " + key.publicKey().fingerprint() + ")");
            }
            ledger.archiveFiles(workspace, launcher, listener, archive);
            return sigFiles;
        }

        /**
         * Signs the image in its registry from the agent and records the signature (payload and signature included,
         * so the sealed bundle carries them); a signature this build already recorded is not recorded twice.
         */
        private ImageSignature signImage(
                Run<?, ?> run,
                FilePath workspace,
                TaskListener listener,
                AgentImages.Registry registry,
                String keyId,
                SigningKey key,
                List<String> controls)
                throws IOException, InterruptedException {
            ImageSignature sig;
            try {
                sig = channel(workspace)
                        .call(new AgentImages.Sign(
                                step.image,
                                registry,
                                Secrets.pem(run, keyId),
                                Secrets.password(run, step.passwordCredentialsId),
                                "credentials " + keyId));
            } catch (AbortException e) {
                throw new AbortException(NAME + ": image " + step.image + ": " + e.getMessage());
            }
            listener.getLogger()
                    .println("[release-governance] " + (sig.added() ? "signed image " : "image already signed ")
                            + sig.image() + (sig.tag() == null ? "" : " (tag " + sig.tag() + ")") + ": signature in "
                            + sig.signatureTag() + " (" + sig.algorithm() + " key " + sig.keyFingerprint() + ")");
            BuildLedger ledger = BuildLedger.of(run);
            String entry = ImageEvidence.signatureEntry(sig);
            boolean recorded = ledger.events().stream()
                    .anyMatch(e -> e.type().equals(EventType.IMAGE_SIGNED.wire())
                            && entry.equals(e.payload().path("signature").asText()));
            if (!recorded) {
                ledger.append(EventType.IMAGE_SIGNED, "jenkins", ImageEvidence.signed(sig, controls));
            }
            return sig;
        }

        private static VirtualChannel channel(FilePath workspace) throws AbortException {
            VirtualChannel channel = workspace.getChannel();
            if (channel == null) {
                throw new AbortException(NAME + ": the agent holding " + workspace.getRemote() + " is offline");
            }
            return channel;
        }

        /** Signing for an environment that needs sign-off is refused until this build's approval completed. */
        private static void refuseWithoutApprovals(GovernedRelease release, Policy policy) throws AbortException {
            Environment target = release.environmentOf(policy);
            if (target != null && target.requiresApproval() && !release.isApproved()) {
                throw new AbortException(NAME + ": refusing to sign " + release.getVersion() + " for environment '"
                        + target.name() + "': policy '" + release.getPolicyName() + "' requires approvals there "
                        + "and this build has "
                        + (release.getApprovalStatus() == null
                                ? "none completed"
                                : "an approval request that ended " + release.getApprovalStatus())
                        + ". Run requireApproval first.");
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends GovernanceStepDescriptor {
        public DescriptorImpl() {
            super(NAME, "Sign artifacts with a key from Jenkins Credentials", FilePath.class, Launcher.class);
        }

        /** Lists credentials ids for the Snippet Generator, only to those who may configure the job. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return credentialItems(item, credentialsId);
        }

        @POST
        public ListBoxModel doFillPasswordCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String passwordCredentialsId) {
            return credentialItems(item, passwordCredentialsId);
        }

        @POST
        public ListBoxModel doFillRegistryCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String registryCredentialsId) {
            return credentialItems(item, registryCredentialsId, StandardUsernamePasswordCredentials.class);
        }

        /** The image reference as the step reads it (no registry is contacted). */
        @POST
        public FormValidation doCheckImage(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.ok();
            }
            try {
                ImageReference ref = ImageReference.parse(v);
                return ref.digest() != null
                        ? FormValidation.ok()
                        : FormValidation.warning("The tag is resolved to its digest when signing; sign by digest "
                                + "(@sha256:…) so a tag moved in between cannot change what is signed.");
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        static ListBoxModel credentialItems(Item item, String current) {
            return credentialItems(item, current, StandardCredentials.class);
        }

        static ListBoxModel credentialItems(Item item, String current, Class<? extends StandardCredentials> type) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (item == null
                    ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                    : !item.hasPermission(Item.EXTENDED_READ)
                            && !item.hasPermission(com.cloudbees.plugins.credentials.CredentialsProvider.USE_ITEM)) {
                return result.includeCurrentValue(Util.fixNull(current));
            }
            // the credentials a build of this job will find: looked up as the job runs, not as the viewer
            Authentication runAs = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
            return result.includeEmptyValue().includeAs(runAs, item, type).includeCurrentValue(Util.fixNull(current));
        }
    }
}
