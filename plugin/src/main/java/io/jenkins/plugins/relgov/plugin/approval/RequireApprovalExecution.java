package io.jenkins.plugins.relgov.plugin.approval;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.console.HyperlinkNote;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.relgov.approval.ApprovalEvent;
import io.jenkins.plugins.relgov.approval.ApprovalRules;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.approval.RequestSpec;
import io.jenkins.plugins.relgov.approval.Settlement;
import io.jenkins.plugins.relgov.plugin.GovernedRelease;
import io.jenkins.plugins.relgov.plugin.ResolvedPolicy;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.Environment;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * Waits for an approval request without holding an executor. Its only state is the request id: the
 * request itself (the engine's event log) lives in the run's {@link ApprovalAction}, so after a
 * controller restart {@link #onResume()} finds it again, re-arms the deadline and keeps waiting.
 */
public final class RequireApprovalExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RequireApprovalExecution.class.getName());

    private final transient RequireApprovalStep step;
    private String requestId;

    private transient volatile ScheduledFuture<?> deadlineTask;
    private transient boolean finished;

    RequireApprovalExecution(RequireApprovalStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        EnvVars env = getContext().get(EnvVars.class);

        GovernedRelease release = GovernedRelease.determine(run, env, step.releaseRequest(), listener);
        ResolvedPolicy policy = release.policy();
        Environment target = release.environmentOf(policy.policy());
        // the same rule the offline policy check applies to the sealed ledger
        if (!policy.policy().requiresApproval(release.getEnvironment())) {
            listener.getLogger()
                    .println("[release-governance] environment " + release.getEnvironment() + " promotes automatically "
                            + "under policy " + policy.name() + ": no approval is required");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", "NOT_REQUIRED");
            r.put("approvers", new ArrayList<>());
            getContext().onSuccess(r);
            return true;
        }

        ApprovalRules rules;
        try {
            rules = shortened(
                    ApprovalRules.from(policy.policy(), release.getTierKind(), JenkinsIdentity.matcher()),
                    step.timeoutDuration(),
                    listener);
        } catch (IllegalArgumentException e) {
            throw new AbortException("requireApproval cannot apply " + e.getMessage());
        }
        BuildFacts facts = BuildFacts.of(run);
        RequestSpec spec = new RequestSpec(
                release.getVersion(),
                release.getTierKind(),
                release.getEnvironment(),
                policy.name(),
                policy.digest(),
                run.getExternalizableId(),
                facts.triggerer(),
                facts.commitAuthors(),
                facts.replayed());
        String message = step.getMessage() != null
                ? step.getMessage()
                : "Approve release " + release.getVersion()
                        + (release.getEnvironment() == null ? "" : " to " + release.getEnvironment()) + "?";

        ApprovalAction action = ApprovalAction.of(run);
        ApprovalRequest request = action.open(
                message,
                spec,
                rules,
                policy.policy().controlsFor("approval").stream()
                        .map(Control::id)
                        .toList());
        requestId = request.getId();
        if (target == null || target.supersede()) {
            Supersession.apply(run, action, request, listener);
        }
        ApprovalState state = request.state();
        if (state.status() != ApprovalStatus.OPEN) {
            // settled by the rules alone (a tier without approvals, with its post-hoc review; a refused replay),
            // or superseded at once by a newer build that already asked
            settled(state);
            return true;
        }

        getContext().get(FlowNode.class).addAction(new PauseAction("Approval"));
        listener.getLogger()
                .println("[release-governance] " + message + " Waiting for " + describeMissing(state)
                        + (state.deadline() == null ? "" : " until " + state.deadline()) + ".");
        listener.getLogger()
                .println(HyperlinkNote.encodeTo(
                        "/" + run.getUrl() + ApprovalAction.URL_NAME + "/",
                        "Approve or reject release " + release.getVersion()));
        action.register(requestId, this);
        ApprovalNotifier.requestOpened(run, request, policy.policy().communication());
        armDeadline(request.state()); // may also notice a decision that raced with registering
        return false;
    }

    /** The step's timeout may only shorten the policy's; a Jenkinsfile cannot weaken the policy. */
    private static ApprovalRules shortened(ApprovalRules r, Duration asked, TaskListener listener) {
        if (asked == null) {
            return r;
        }
        if (r.timeout() != null && asked.compareTo(r.timeout()) >= 0) {
            listener.getLogger()
                    .println("[release-governance] timeout " + asked + " ignored: the policy's " + r.timeout()
                            + " is shorter and a pipeline cannot extend it");
            return r;
        }
        return r.withTimeout(asked);
    }

    @Override
    public void onResume() {
        try {
            ApprovalRequest request = request();
            action().register(requestId, this);
            armDeadline(request.state());
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    /** Settles at once if the request is no longer open, else schedules the deadline check. */
    private void armDeadline(ApprovalState state) {
        if (state.status() != ApprovalStatus.OPEN) {
            settled(state);
            return;
        }
        if (state.deadline() == null) {
            return;
        }
        long delay =
                Math.max(0, Duration.between(Instant.now(), state.deadline()).toMillis()) + 50;
        deadlineTask = Timer.get().schedule(this::deadlineReached, delay, TimeUnit.MILLISECONDS);
    }

    private void deadlineReached() {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            ApprovalRequest request = request();
            var outcome = action().expire(request);
            if (!outcome.accepted() && outcome.state().status() == ApprovalStatus.OPEN) {
                armDeadline(outcome.state()); // woke a little early: the engine's clock decides
            }
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "cannot time out approval request " + requestId + " of " + getContext(), e);
        }
    }

    /**
     * Called once the request is approved, rejected, timed out or superseded (by the action, after a decision, or by
     * {@link #onResume()} when the decision arrived while the step was not in memory).
     */
    void settled(ApprovalState state) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        ScheduledFuture<?> task = deadlineTask;
        if (task != null) {
            task.cancel(false);
        }
        try {
            action().unregister(requestId);
            endPause();
            log(getContext().get(TaskListener.class), state);
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.WARNING, "cannot report the approval outcome of " + getContext(), e);
        }
        Settlement s = state.settlement().orElse(null);
        switch (state.status()) {
            case APPROVED -> getContext().onSuccess(result(state));
            case REJECTED ->
                getContext()
                        .onFailure(new FlowInterruptedException(
                                Result.ABORTED,
                                new ApprovalRejected(s == null ? null : s.by(), s == null ? "rejected" : s.reason())));
            case TIMED_OUT ->
                getContext()
                        .onFailure(new FlowInterruptedException(
                                Result.ABORTED,
                                new ApprovalTimedOut(String.valueOf(state.deadline()), describeMissing(state))));
            case SUPERSEDED ->
                getContext()
                        .onFailure(new FlowInterruptedException(
                                Result.ABORTED, new ApprovalSuperseded(s == null ? "superseded" : s.reason())));
            default -> {
                // CANCELLED: stop() already ended the step
            }
        }
    }

    /** Aborting the build withdraws the request (recorded with who aborted) and ends the step. */
    @Override
    public void stop(Throwable cause) throws Exception {
        synchronized (this) {
            finished = true;
        }
        ScheduledFuture<?> task = deadlineTask;
        if (task != null) {
            task.cancel(false);
        }
        String by = abortedBy(cause);
        // not on the CPS VM thread: saving the build and the ledger may block. The step ends only after the
        // pause is ended: once it has ended, the flow may complete and its nodes can no longer be saved.
        Timer.get().submit(() -> {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                ApprovalAction a = action();
                a.unregister(requestId);
                ApprovalRequest request = a.getRequest(requestId);
                if (request != null) {
                    a.cancel(request, by, "the build was aborted" + (by == null ? "" : " by " + by));
                }
                endPause();
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "cannot withdraw approval request " + requestId + " of " + getContext(), e);
            } finally {
                getContext().onFailure(cause);
            }
        });
    }

    private static String abortedBy(Throwable cause) {
        if (cause instanceof FlowInterruptedException fie) {
            for (CauseOfInterruption c : fie.getCauses()) {
                if (c instanceof CauseOfInterruption.UserInterruption u) {
                    return u.getUserId();
                }
            }
        }
        return null;
    }

    @Override
    public String getStatus() {
        try {
            ApprovalState s = request().state();
            return s.status() == ApprovalStatus.OPEN
                    ? "waiting for approval: " + describeMissing(s)
                    : "approval " + s.status().name().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            return "waiting for approval request " + requestId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "waiting for approval request " + requestId;
        }
    }

    private void endPause() throws IOException, InterruptedException {
        FlowNode node = getContext().get(FlowNode.class);
        if (node != null) {
            PauseAction.endCurrentPause(node);
        }
    }

    private ApprovalAction action() throws IOException, InterruptedException {
        Run<?, ?> run = getContext().get(Run.class);
        ApprovalAction a = run.getAction(ApprovalAction.class);
        if (a == null) {
            throw new AbortException("The approval requests of " + run.getFullDisplayName() + " were lost.");
        }
        return a;
    }

    private ApprovalRequest request() throws IOException, InterruptedException {
        ApprovalRequest r = action().getRequest(requestId);
        if (r == null) {
            throw new AbortException("Approval request " + requestId + " is missing from the build.");
        }
        return r;
    }

    private static String describeMissing(ApprovalState state) {
        return state.missing().isEmpty() ? "nothing" : state.missing().toString();
    }

    private static void log(TaskListener listener, ApprovalState state) {
        state.settlement()
                .ifPresent(s -> listener.getLogger()
                        .println("[release-governance] approval "
                                + s.status()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' ')
                                + (s.by() == null ? "" : " by " + s.by()) + ": " + s.reason()));
        for (var review : state.reviews()) {
            if (!review.complete()) {
                listener.getLogger()
                        .println("[release-governance] post-hoc review (" + review.kind() + ") due by "
                                + review.deadline() + " from " + review.missingRoles());
            }
        }
    }

    /**
     * What the step returns on approval: the status, who approved for which role, and break-glass details.
     * Plain maps and lists of strings, so a sandboxed Jenkinsfile can read them.
     */
    private static Object result(ApprovalState state) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", state.status().name());
        List<Map<String, String>> approvers = new ArrayList<>();
        for (ApprovalEvent.Approved a : state.approvals()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("role", a.role());
            m.put("user", a.userId());
            m.put("at", a.at().toString());
            approvers.add(m);
        }
        r.put("approvers", approvers);
        state.breakGlass().ifPresent(b -> {
            r.put("breakGlassBy", b.userId());
            r.put("breakGlassReason", b.reason());
        });
        return r;
    }
}
