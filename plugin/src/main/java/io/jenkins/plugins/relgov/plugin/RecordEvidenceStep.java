package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.relgov.evidence.EntryNames;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.EvidenceFile;
import io.jenkins.plugins.relgov.evidence.EvidenceRecord;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code recordEvidence}: records workspace files (hashed on the agent, archived through the artifact
 * manager) and/or a structured record into the build's ledger, tagged with the policy's controls for the
 * evidence kind.
 */
public class RecordEvidenceStep extends GovernanceStep {

    static final String NAME = "recordEvidence";
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final String type;
    private String files;
    private Object data;

    @DataBoundConstructor
    public RecordEvidenceStep(String type) {
        this.type = Util.fixEmptyAndTrim(type);
    }

    /** The evidence kind, as the policy names it ({@code risk-assessment}, {@code test-summary} ...). */
    public String getType() {
        return type;
    }

    public String getFiles() {
        return files;
    }

    /** Files to record: comma-separated patterns relative to the workspace. */
    @DataBoundSetter
    public void setFiles(String files) {
        this.files = Util.fixEmptyAndTrim(files);
    }

    public Object getData() {
        return data;
    }

    /** A structured record: a map (or list) of plain values, kept in the ledger itself. */
    @DataBoundSetter
    public void setData(Object data) {
        this.data = data;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (type == null || !KIND.matcher(type).matches()) {
            throw new AbortException(NAME + ": type must be an evidence kind such as 'risk-assessment' "
                    + "(lower case letters, digits and '-'), got '" + type + "'");
        }
        if (files == null && data == null) {
            throw new AbortException(NAME + ": give files: 'pattern' and/or data: [...] to record");
        }
        // converted now, on the CPS thread, so only plain JSON crosses into the execution
        JsonNode record = data == null ? null : JsonValues.of(data);
        return new Execution(context, type, files, record, releaseRequest());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<List<String>> {
        private static final long serialVersionUID = 1L;
        private final transient String kind;
        private final transient String files;
        private final transient JsonNode record;
        private final transient ReleaseRequest request;

        Execution(StepContext context, String kind, String files, JsonNode record, ReleaseRequest request) {
            super(context);
            this.kind = kind;
            this.files = files;
            this.record = record;
            this.request = request;
        }

        @Override
        protected List<String> run() throws Exception {
            StepContext ctx = getContext();
            Run<?, ?> run = ctx.get(Run.class);
            TaskListener listener = ctx.get(TaskListener.class);
            EnvVars env = ctx.get(EnvVars.class);
            GovernedRelease release = GovernedRelease.determine(run, env, request, listener);
            Policy policy = release.policy().policy();
            List<String> controls =
                    policy.controlsFor(kind).stream().map(Control::id).toList();
            if (controls.isEmpty()) {
                listener.getLogger()
                        .println("[release-governance] note: evidence kind '" + kind
                                + "' supports no control of policy '" + policy.name() + "'");
            }
            BuildLedger ledger = BuildLedger.of(run);
            List<String> recorded = new ArrayList<>();

            if (files != null) {
                FilePath workspace = ctx.get(FilePath.class);
                if (workspace == null) {
                    throw new AbortException(NAME + ": recording files needs a workspace: call it inside node { }");
                }
                Launcher launcher = ctx.get(Launcher.class);
                List<AgentFiles.Hashed> hashed;
                try {
                    hashed = workspace.act(new AgentFiles.Hash(StepArgs.patterns(files)));
                } catch (IllegalArgumentException e) {
                    throw new AbortException(NAME + ": " + e.getMessage());
                }
                Set<String> already = recordedPaths(ledger.events());
                Map<String, String> archive = new LinkedHashMap<>();
                for (AgentFiles.Hashed h : hashed) {
                    String unsafe = EntryNames.problem("evidence/" + h.path());
                    if (unsafe != null) {
                        throw new AbortException(
                                NAME + ": " + h.path() + " cannot go into an evidence bundle: " + unsafe);
                    }
                    if (already.contains(h.path())) {
                        throw new AbortException(NAME + ": " + h.path() + " is already recorded in this build; "
                                + "evidence files are never replaced");
                    }
                    archive.put(BuildLedger.EVIDENCE + h.path(), h.path());
                }
                // archive first: the ledger never names a file that is not stored
                ledger.archiveFiles(workspace, launcher, listener, archive);
                for (AgentFiles.Hashed h : hashed) {
                    ledger.append(
                            EventType.EVIDENCE_RECORDED,
                            "jenkins",
                            new EvidenceFile(h.path(), h.sha256(), h.size(), kind, controls).toPayload());
                    recorded.add(BuildLedger.EVIDENCE + h.path());
                    listener.getLogger()
                            .println("[release-governance] evidence " + kind + ": " + h.path() + " (sha256 "
                                    + h.sha256() + ")" + (controls.isEmpty() ? "" : " → " + controls));
                }
            }
            if (record != null) {
                LedgerEvent e = ledger.append(
                        EventType.EVIDENCE_RECORDED, "jenkins", new EvidenceRecord(kind, record, controls).toPayload());
                recorded.add(BuildLedger.LEDGER + "#" + e.seq());
                listener.getLogger()
                        .println("[release-governance] evidence " + kind + ": structured record (ledger seq " + e.seq()
                                + ")" + (controls.isEmpty() ? "" : " → " + controls));
            }
            if (release.isProduction(policy)) {
                release.retain(policy, listener);
            }
            return recorded;
        }

        private static Set<String> recordedPaths(List<LedgerEvent> events) {
            Set<String> paths = new HashSet<>();
            for (LedgerEvent e : events) {
                if (e.type().equals(EventType.EVIDENCE_RECORDED.wire())
                        && e.payload().has("file")) {
                    paths.add(e.payload().path("file").path("path").asText());
                }
            }
            return paths;
        }
    }

    @Extension
    public static final class DescriptorImpl extends GovernanceStepDescriptor {
        /** A workspace is needed only for files; a record alone can be kept outside node { }. */
        public DescriptorImpl() {
            super(NAME, "Record release evidence (files or a structured record)");
        }
    }
}
