package io.jenkins.plugins.relgov.plugin.approval;

import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.relgov.plugin.GovernanceStep;
import io.jenkins.plugins.relgov.plugin.GovernanceStepDescriptor;
import io.jenkins.plugins.relgov.policy.Durations;
import java.time.Duration;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code requireApproval}: pauses the build until the sign-off that the release's tier demands is
 * complete (N of role A and M of role B, in order if the policy says so, with segregation of duties),
 * then returns who approved; a rejection or a timeout aborts the build with the reason.
 *
 * <pre>
 * def approval = requireApproval policy: 'inopsio', version: '3.0.0', previousVersion: '2.4.1',
 *                                environment: 'production', message: 'Ship 3.0.0 to production?'
 * echo "approved by ${approval.approvers}"
 * </pre>
 */
public final class RequireApprovalStep extends GovernanceStep {

    private String message;
    private String timeout;

    @DataBoundConstructor
    public RequireApprovalStep() {}

    public String getMessage() {
        return message;
    }

    /** What approvers read at the top of the request. */
    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixEmptyAndTrim(message);
    }

    public String getTimeout() {
        return timeout;
    }

    /**
     * A deadline shorter than the tier's {@code approvalTimeout}: {@code 30m}, {@code 12h}, {@code 2d} or
     * ISO-8601 ({@code PT4H}). It can only shorten the policy's deadline, never extend it.
     */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        String t = Util.fixEmptyAndTrim(timeout);
        if (t != null) {
            parseDuration(t); // fail at parse time, naming the value
        }
        this.timeout = t;
    }

    Duration timeoutDuration() {
        return timeout == null ? null : parseDuration(timeout);
    }

    static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("requireApproval timeout: " + e.getMessage(), e);
        }
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RequireApprovalExecution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends GovernanceStepDescriptor {
        public DescriptorImpl() {
            super(
                    "requireApproval",
                    "Require release approval (multi-role sign-off with segregation of duties)",
                    FlowNode.class);
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER) : !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok("The tier's approvalTimeout applies.");
            }
            try {
                parseDuration(value);
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
