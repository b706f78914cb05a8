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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.servlet.http.HttpServletResponse;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;

/**
 * The auditor's page on a governed build, "Release Governance": the release, tier and policy digest,
 * every gate check, approval (who, which role, when), refusal, signature and evidence item with the
 * controls it supports, and downloads of the sealed bundle and of single files. Everything shown is
 * read from the build's ledger; nothing here changes it.
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

    /** Whether the current user may download files (the artifacts permission, as the artifact browser checks it). */
    public boolean isDownloadAllowed() {
        return !Functions.isArtifactsPermissionEnabled() || run.hasPermission(Run.ARTIFACTS);
    }

    private List<LedgerEvent> events() {
        try {
            return BuildLedger.of(run).events();
        } catch (IOException | RuntimeException e) {
            // a damaged ledger is itself a finding: show it rather than hide the page
            throw new IllegalStateException("The evidence ledger of " + run.getFullDisplayName() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private List<Map<String, String>> rows(EventType type) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LedgerEvent e : events()) {
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

    /** Gate checks: gate, passed, status, measured, threshold, reason, waiver. */
    public List<Map<String, String>> getGates() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LedgerEvent e : events()) {
            if (e.type().equals(EventType.GATE_EVALUATED.wire())) {
                Map<String, String> r = row(e);
                JsonNode d = e.payload().path("detail");
                r.put("status", d.path("waiver").isMissingNode() ? d.path("status").asText() : "WAIVED");
                r.put("measured", d.path("measured").asText(""));
                r.put("threshold", d.path("threshold").asText(""));
                r.put("reason", d.path("reason").asText(""));
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

    public List<Map<String, String>> getAttestations() {
        return rows(EventType.ATTESTATION_CREATED);
    }

    public List<Map<String, String>> getRollbacks() {
        return rows(EventType.ROLLBACK);
    }

    /** Evidence items: kind, controls, and either the file (path, sha256, link) or the record (as JSON). */
    public List<Map<String, String>> getEvidence() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (LedgerEvent e : events()) {
            if (e.type().equals(EventType.EVIDENCE_RECORDED.wire())) {
                Map<String, String> r = row(e);
                JsonNode file = e.payload().path("file");
                if (file.isObject()) {
                    r.put("path", file.path("path").asText());
                    r.put("sha256", file.path("sha256").asText());
                    r.put("size", file.path("size").asText());
                    r.put("artifact", BuildLedger.EVIDENCE + file.path("path").asText());
                } else {
                    r.put("record", e.payload().path("record").toString());
                }
                rows.add(r);
            }
        }
        return rows;
    }

    public int getEventCount() {
        return events().size();
    }

    /** The sealed bundle's file name, or null while the build has no seal. */
    public @CheckForNull String getBundleName() throws IOException {
        return SealedEvidence.bundleName(run);
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
            GovernedRelease release = getRelease();
            GovernedRelease.SealStatus status = release == null ? null : release.getSealStatus();
            if (status == GovernedRelease.SealStatus.SEALING || status == null && !run.isBuilding()) {
                if (!Sealing.inProgress(run)) {
                    Sealing.afterLateEvent(run); // a restart interrupted the seal: make it again
                }
                rsp.setHeader("Retry-After", "5");
                rsp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "This build's evidence is being sealed; the bundle is ready in a few seconds.");
            } else if (run.isBuilding()) {
                rsp.sendError(HttpServletResponse.SC_NOT_FOUND,
                        "This build's evidence is sealed when the build completes.");
            } else {
                rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "This build's evidence is not sealed: "
                        + release.getSealMessage());
            }
            return;
        }
        rsp.setContentType("application/zip");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"" + safeFileName(name) + "\"");
        try (OutputStream out = rsp.getOutputStream()) {
            SealedEvidence.writeBundle(run, out);
        }
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
        for (LedgerEvent e : events()) {
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
