package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Functions;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.ReleaseOverview;
import io.jenkins.plugins.relgov.evidence.ReleaseStory;
import io.jenkins.plugins.relgov.plugin.approval.ApprovalAction;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.GET;

/**
 * The auditor's page on a governed build, "Release Governance": the release and how it ended, every gate check
 * (each with its details), approval request, decision and refusal, signature, evidence item, post-deploy
 * analysis and rollback, post-hoc review and control, and downloads of the sealed bundle, its OSCAL assessment
 * and the ledger. Everything shown is read from the build's ledger, once per change of it ({@link ReleaseView});
 * nothing here changes it. The build's own page shows a summary of it ({@code summary.jelly}).
 */
public final class ReleaseEvidenceAction implements Action, StaplerProxy {

    private final Run<?, ?> run;

    ReleaseEvidenceAction(Run<?, ?> run) {
        this.run = run;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public @CheckForNull GovernedRelease getRelease() {
        return GovernedRelease.of(run);
    }

    @Override
    public String getIconFileName() {
        return "symbol-ribbon";
    }

    @Override
    public String getDisplayName() {
        return "Release Governance";
    }

    @Override
    public String getUrlName() {
        return "release-governance";
    }

    /** Every page and method of this action needs read access to the job. */
    @Override
    public Object getTarget() {
        run.getParent().checkPermission(Item.READ);
        return this;
    }

    /** Whether the build waits for an approval decision now: the summary then links to the approval page. */
    public boolean isAwaitingApproval() {
        ApprovalAction approvals = run.getAction(ApprovalAction.class);
        return approvals != null && !approvals.getOpenRequests().isEmpty();
    }

    /** Whether the current user may download files (the artifacts permission, as the artifact browser checks it). */
    public boolean isDownloadAllowed() {
        return !Functions.isArtifactsPermissionEnabled() || run.hasPermission(Run.ARTIFACTS);
    }

    /** The ledger, read once while it is unchanged, with the story and overview core tells of it. */
    public ReleaseView getView() {
        try {
            return GovernedRelease.required(run).view();
        } catch (IOException | RuntimeException e) {
            // a damaged ledger is itself a finding: show it rather than hide the page
            throw new IllegalStateException(
                    "The evidence ledger of " + run.getFullDisplayName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    public ReleaseStory getStory() {
        return getView().getStory();
    }

    public ReleaseOverview getOverview() {
        return getView().getOverview();
    }

    private List<Map<String, String>> rows(EventType type) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LedgerEvent e : getView().getEvents()) {
            if (e.type().equals(type.wire())) {
                rows.add(row(e));
            }
        }
        return rows;
    }

    private static Map<String, String> row(LedgerEvent e) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("seq", Long.toString(e.seq()));
        r.put("time", e.time());
        r.put("actor", e.actor());
        JsonNode p = e.payload();
        for (Map.Entry<String, JsonNode> f : p.properties()) {
            if (f.getValue().isValueNode() && !f.getValue().isNull()) { // an absent role shows as an empty cell
                r.put(f.getKey(), f.getValue().asText());
            }
        }
        r.put("controls", String.join(", ", texts(p.path("controls"))));
        return r;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Gate checks: gate, status (PASS, FAIL, ERROR, WAIVED), measured, threshold, rule, reason, the waiver's who and
     * why, attempts, and the check's whole record for the drill-down.
     */
    public List<Map<String, String>> getGates() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LedgerEvent e : getView().getEvents()) {
            if (e.type().equals(EventType.GATE_EVALUATED.wire())) {
                Map<String, String> r = row(e);
                JsonNode d = e.payload().path("detail");
                JsonNode w = d.path("waiver");
                r.put("status", w.isMissingNode() ? d.path("status").asText() : "WAIVED");
                r.put("measured", d.path("measured").asText(""));
                r.put("threshold", d.path("threshold").asText(""));
                r.put("rule", d.path("rule").asText(""));
                r.put("reason", d.path("reason").asText(""));
                r.put("attempts", d.path("attempts").asText(""));
                r.put("evaluatedAt", d.path("evaluatedAt").asText(""));
                r.put(
                        "waiver",
                        w.isMissingNode()
                                ? ""
                                : "accepted by " + w.path("acceptedBy").asText() + ": "
                                        + w.path("reason").asText() + " (until "
                                        + w.path("expires").asText() + ")");
                r.put("detail", d.toPrettyString());
                rows.add(r);
            }
        }
        return rows;
    }

    /** Approval decisions: role, approver, decision, time, reason. */
    public List<Map<String, String>> getApprovals() {
        return rows(EventType.APPROVAL_DECIDED);
    }

    /** Refused approval attempts (segregation of duties at work): role, user, reason. */
    public List<Map<String, String>> getRefusals() {
        return rows(EventType.APPROVAL_REFUSED);
    }

    /** Signatures: artifact, sha256, algorithm, keyFingerprint, signature (bundle path). */
    public List<Map<String, String>> getSignatures() {
        return rows(EventType.ARTIFACT_SIGNED);
    }

    /** Container image signatures: image, digest, keyFingerprint, signatureTag. */
    public List<Map<String, String>> getImageSignatures() {
        return rows(EventType.IMAGE_SIGNED);
    }

    public List<Map<String, String>> getAttestations() {
        return rows(EventType.ATTESTATION_CREATED);
    }

    /** Evidence items: kind, controls, and either the file (path, sha256, link) or the record (as JSON). */
    public List<Map<String, String>> getEvidence() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LedgerEvent e : getView().getEvents()) {
            if (e.type().equals(EventType.EVIDENCE_RECORDED.wire())) {
                Map<String, String> r = row(e);
                JsonNode file = e.payload().path("file");
                if (file.isObject()) {
                    r.put("path", file.path("path").asText());
                    r.put("sha256", file.path("sha256").asText());
                    r.put("size", file.path("size").asText());
                    r.put("artifact", BuildLedger.EVIDENCE + file.path("path").asText());
                } else {
                    r.put("record", e.payload().path("record").toPrettyString());
                }
                rows.add(r);
            }
        }
        return rows;
    }

    public int getEventCount() {
        return getView().getEvents().size();
    }

    /** The sealed bundle's file name, or null while the build has no seal. */
    public @CheckForNull String getBundleName() throws IOException {
        return SealedEvidence.bundleName(run);
    }

    /** The fingerprint of the key the bundle is sealed with, to compare with the key an auditor trusts. */
    public @CheckForNull String getSealingKeyFingerprint() throws IOException {
        var key = SealedEvidence.publicKey(run);
        return key == null ? null : key.fingerprint();
    }

    /** The offline check of this build's bundle, as an auditor runs it. */
    public String getVerifyCommand() throws IOException {
        String name = getBundleName();
        GovernedRelease release = getRelease();
        return "relgov verify " + (name == null ? "BUNDLE.zip" : name) + " --key TRUSTED-SIGNING-KEY.pub.pem"
                + (release == null ? "" : " --policy " + release.getPolicyName());
    }

    /**
     * Streams the sealed evidence bundle (the zip {@code relgov verify} checks offline), assembled from the
     * sealed entries and the archived files. GET only; needs read access to the job and the artifacts
     * permission. While a seal is being made the answer is 503 with Retry-After, so a script waits rather
     * than concluding there is none.
     */
    @GET
    public void doBundle(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        checkDownload();
        String name = SealedEvidence.bundleName(run);
        if (name == null) {
            notSealed(rsp);
            return;
        }
        rsp.setContentType("application/zip");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"" + safeFileName(name) + "\"");
        try (OutputStream out = rsp.getOutputStream()) {
            SealedEvidence.writeBundle(run, out);
        }
    }

    /**
     * The sealed bundle as an OSCAL assessment-results document ({@code relgov report --oscal}), checked against
     * the key Jenkins sealed it with and the policy the build started with. Same rules as {@link #doBundle}.
     */
    @GET
    public void doOscal(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        checkDownload();
        if (SealedEvidence.bundleName(run) == null) {
            notSealed(rsp);
            return;
        }
        SealedEvidence.Oscal oscal = SealedEvidence.oscal(run);
        if (oscal.document() == null) {
            rsp.sendError(
                    HttpServletResponse.SC_CONFLICT,
                    "The sealed evidence does not verify, so no assessment is made: " + oscal.problems());
            return;
        }
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"" + safeFileName(oscal.fileName()) + "\"");
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(oscal.document());
        }
    }

    private void notSealed(StaplerResponse2 rsp) throws IOException {
        GovernedRelease release = getRelease();
        GovernedRelease.SealStatus status = release == null ? null : release.getSealStatus();
        if (status == GovernedRelease.SealStatus.SEALING || status == null && !run.isBuilding()) {
            if (!Sealing.inProgress(run)) {
                Sealing.sealSoon(run); // a restart interrupted the seal: make it again
            }
            rsp.setHeader("Retry-After", "5");
            rsp.sendError(
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "This build's evidence is being sealed; the bundle is ready in a few seconds.");
        } else if (run.isBuilding()) {
            rsp.sendError(
                    HttpServletResponse.SC_NOT_FOUND, "This build's evidence is sealed when the build completes.");
        } else {
            rsp.sendError(
                    HttpServletResponse.SC_NOT_FOUND,
                    "This build's evidence is not sealed: " + release.getSealMessage());
        }
    }

    /** Whether a seal is being made or queued now (the page then says so rather than why it is missing). */
    public boolean isSealInProgress() {
        return Sealing.inProgress(run);
    }

    /**
     * Whether the current user may have the build sealed again ({@link #doSeal}): an administrator, who has just
     * configured the signing credentials that were missing, or brought back a time-stamping authority. The page
     * offers it only where it says the completed build is not sealed.
     */
    public boolean isSealAllowed() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /**
     * Seals a completed build whose seal is missing or failed, with the credentials configured now: POST only, for
     * administrators. Sealing signs the ledger as it stands; it adds no event, so it cannot change what happened.
     */
    @RequirePOST
    public HttpResponse doSeal() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        GovernedRelease release = getRelease();
        if (release == null) {
            return HttpResponses.errorWithoutStack(HttpServletResponse.SC_NOT_FOUND, "This build is not governed.");
        }
        if (run.isBuilding()) {
            return HttpResponses.errorWithoutStack(
                    HttpServletResponse.SC_CONFLICT, "This build's evidence is sealed when the build completes.");
        }
        Sealing.sealSoon(run);
        return HttpResponses.redirectToDot();
    }

    /** The ledger as it is now (the bundle holds it as sealed), one JSON event per line. */
    @GET
    public void doLedger(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        checkDownload();
        rsp.setContentType("application/x-ndjson;charset=UTF-8");
        rsp.setHeader("Content-Disposition", "inline; filename=\"ledger.jsonl\"");
        synchronized (BuildLedger.lockFor(run)) {
            try (OutputStream out = rsp.getOutputStream()) {
                if (Files.exists(BuildLedger.of(run).path())) {
                    Files.copy(BuildLedger.of(run).path(), out);
                }
            }
        }
    }

    /** A DSSE envelope recorded in the ledger ({@code seq} of its attestation-created event), as JSON. */
    @GET
    public void doAttestation(@QueryParameter long seq, StaplerResponse2 rsp) throws IOException {
        checkDownload();
        for (LedgerEvent e : getView().getEvents()) {
            if (e.seq() == seq && e.type().equals(EventType.ATTESTATION_CREATED.wire())) {
                rsp.setContentType("application/json;charset=UTF-8");
                rsp.getWriter().write(e.payload().path("envelope").asText());
                return;
            }
        }
        rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "No attestation at ledger seq " + seq + ".");
    }

    private void checkDownload() {
        run.getParent().checkPermission(Item.READ);
        if (Functions.isArtifactsPermissionEnabled()) {
            run.checkPermission(Run.ARTIFACTS);
        }
    }

    static String safeFileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Adds the page to every build that governs a release. */
    @Extension
    @SuppressWarnings("rawtypes") // TransientActionFactory matches the raw class
    public static final class Factory extends TransientActionFactory<Run> {
        @Override
        public Class<Run> type() {
            return Run.class;
        }

        /**
         * Only lookups of this action consult the factory. Left at the default ({@code Action.class}), Jenkins
         * asks it for every {@code Run.getAction(type)}, including the one {@code createFor} makes itself.
         */
        @Override
        public Class<ReleaseEvidenceAction> actionType() {
            return ReleaseEvidenceAction.class;
        }

        @Override
        public @NonNull Collection<? extends Action> createFor(@NonNull Run target) {
            return GovernedRelease.of(target) == null ? List.of() : List.of(new ReleaseEvidenceAction(target));
        }
    }
}
