package io.jenkins.plugins.relgov.plugin.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.relgov.approval.ApprovalEvent;
import io.jenkins.plugins.relgov.approval.ApprovalRules;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.approval.Approvals;
import io.jenkins.plugins.relgov.approval.Decision;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.Outcome;
import io.jenkins.plugins.relgov.approval.RefusalReason;
import io.jenkins.plugins.relgov.approval.RequestSpec;
import io.jenkins.plugins.relgov.evidence.ApprovalEvidence;
import io.jenkins.plugins.relgov.plugin.BuildLedger;
import io.jenkins.plugins.relgov.plugin.GovernedRelease;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * The approval requests of one build and the page where approvers decide ({@code /release-approval/}).
 * The requests' event logs persist with the build ({@code build.xml}); every decision goes through the
 * core engine with the caller's real identity and is appended to the build's evidence ledger.
 */
@ExportedBean(defaultVisibility = 2)
public final class ApprovalAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(ApprovalAction.class.getName());
    static final String URL_NAME = "release-approval";

    /** Copy-on-write: XStream may serialise the build while a decision is being recorded. */
    private final List<ApprovalRequest> requests = new CopyOnWriteArrayList<>();

    private transient Run<?, ?> run;
    /** Executions waiting on a request, by request id; rebuilt by {@code onResume} after a restart. */
    private transient Map<String, RequireApprovalExecution> waiting;
    /** Replaced in tests to move time forward. */
    static volatile Clock clock = Clock.systemUTC();

    /** The run's action, attached on first use. */
    static @NonNull ApprovalAction of(@NonNull Run<?, ?> run) throws IOException {
        synchronized (ApprovalAction.class) {
            ApprovalAction a = run.getAction(ApprovalAction.class);
            if (a == null) {
                a = new ApprovalAction();
                run.addAction(a);
            }
            return a;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return getOpenRequests().isEmpty() ? "symbol-check" : "symbol-pause";
    }

    @Override
    public String getDisplayName() {
        return getOpenRequests().isEmpty() ? "Release approval" : "Release approval (waiting)";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    public Api getApi() {
        return new Api(this);
    }

    @Exported
    public synchronized List<ApprovalRequest> getRequests() {
        return List.copyOf(requests);
    }

    public synchronized List<ApprovalRequest> getOpenRequests() {
        return requests.stream().filter(ApprovalRequest::isOpen).toList();
    }

    public synchronized @CheckForNull ApprovalRequest getRequest(String id) {
        return requests.stream().filter(r -> r.getId().equals(id)).findFirst().orElse(null);
    }

    /** Anything someone may still have to do here: an open request or an incomplete post-hoc review. */
    synchronized boolean hasOpenWork() {
        return requests.stream().anyMatch(r -> r.isOpen() || r.hasOpenReview());
    }

    /** The buttons the current user gets on {@code request}. */
    public ApprovalRequest.Choices choicesFor(ApprovalRequest request) {
        return request.choicesFor(JenkinsIdentity.current(), clock);
    }

    // ---- lifecycle, called by the step --------------------------------------------------------

    /** Opens a request through the engine, persists it, and records it in the ledger. */
    ApprovalRequest open(String message, RequestSpec spec, ApprovalRules rules, List<String> approvalControls)
            throws IOException {
        ApprovalRequest request;
        Outcome opened = Approvals.open(rules, spec, clock);
        synchronized (this) {
            request =
                    new ApprovalRequest(String.valueOf(requests.size() + 1), message, opened.state(), approvalControls);
            requests.add(request);
            run.save();
            record(request, opened);
        }
        ApprovalIndex.get().update(run, hasOpenWork());
        if (!request.isOpen()) {
            releaseSettled(request.state().status());
        }
        return request;
    }

    synchronized void register(String requestId, RequireApprovalExecution execution) {
        if (waiting == null) {
            waiting = new HashMap<>();
        }
        waiting.put(requestId, execution);
    }

    synchronized void unregister(String requestId) {
        if (waiting != null) {
            waiting.remove(requestId);
        }
    }

    /**
     * Applies a decision through the engine and persists whatever it answers (a refusal is recorded too).
     * When the decision settles the request, the waiting step is completed.
     */
    Outcome decide(@NonNull ApprovalRequest request, @NonNull Decision decision) throws IOException {
        return apply(request, state -> Approvals.decide(state, decision, clock));
    }

    /** Times the request out if its deadline has passed (called by the step's timer). */
    Outcome expire(@NonNull ApprovalRequest request) throws IOException {
        return apply(request, state -> Approvals.expire(state, clock));
    }

    /** Withdraws the request because the build was aborted. */
    Outcome cancel(@NonNull ApprovalRequest request, @CheckForNull String userId, String reason) throws IOException {
        return apply(request, state -> Approvals.cancel(state, userId, reason, clock));
    }

    /** Ends the request because a newer build of the job, {@code by}, asks to release to the same environment. */
    Outcome supersede(@NonNull ApprovalRequest request, String by) throws IOException {
        return apply(request, state -> Approvals.supersede(state, by, clock));
    }

    private Outcome apply(ApprovalRequest request, java.util.function.Function<ApprovalState, Outcome> engine)
            throws IOException {
        Outcome outcome;
        RequireApprovalExecution toComplete = null;
        boolean settledNow = false;
        try {
            // one decision at a time per build, so build.xml and the ledger see the same order
            synchronized (this) {
                ApprovalStatus before = request.state().status();
                outcome = engine.apply(request.state());
                if (outcome.events().isEmpty()) {
                    return outcome;
                }
                request.advance(outcome.state());
                settledNow = before == ApprovalStatus.OPEN && outcome.state().status() != ApprovalStatus.OPEN;
                if (settledNow && waiting != null) {
                    toComplete = waiting.remove(request.getId());
                }
                run.save();
                record(request, outcome);
            }
            ApprovalIndex.get().update(run, hasOpenWork());
            if (settledNow) {
                releaseSettled(outcome.state().status());
            }
        } finally {
            // the decision stands once folded into the request: the waiting step must learn of it even if
            // persisting the evidence failed (that failure still reaches the caller)
            if (toComplete != null) {
                toComplete.settled(request.state());
            }
        }
        return outcome;
    }

    /** Appends the engine's events to the build's evidence ledger, in the shapes core's {@link ApprovalEvidence} defines. */
    private void record(ApprovalRequest request, Outcome outcome) throws IOException {
        BuildLedger ledger = BuildLedger.of(run);
        for (ApprovalEvidence.Entry e : ApprovalEvidence.entries(
                request.getId(), outcome.state(), outcome.events(), request.getApprovalControls())) {
            ledger.append(e.type(), e.actor(), e.payload());
        }
    }

    /** Tells the build's release how its approval ended, so {@code signArtifact} can check it. */
    private void releaseSettled(ApprovalStatus status) throws IOException {
        GovernedRelease release = GovernedRelease.of(run);
        if (release != null) {
            release.approvalSettled(status);
        }
    }

    // ---- web: the page's form and the REST endpoint -------------------------------------------

    /**
     * The page's form: one of the buttons {@code approve}, {@code reject}, {@code breakGlass} or
     * {@code review}, with {@code comment}. Refusals are shown on a page naming the engine's reason.
     */
    @RequirePOST
    public HttpResponse doSubmit(StaplerRequest2 req) throws IOException {
        run.getParent().checkPermission(Item.READ);
        Decision.Action action = req.getParameter("approve") != null
                ? Decision.Action.APPROVE
                : req.getParameter("reject") != null
                        ? Decision.Action.REJECT
                        : req.getParameter("breakGlass") != null
                                ? Decision.Action.BREAK_GLASS
                                : req.getParameter("review") != null ? Decision.Action.REVIEW : null;
        Result r = decideAsCaller(
                req.getParameter("request"), action, req.getParameter("role"), req.getParameter("comment"));
        if (r.accepted()) {
            return HttpResponses.redirectTo(".");
        }
        return HttpResponses.forwardToView(this, "refused").with("refusal", r.message());
    }

    /**
     * REST: {@code POST .../release-approval/decide} with {@code decision=approve|reject|break-glass|review},
     * optional {@code request} (id; defaults to the only request), {@code role}, {@code comment} and
     * {@code reason} (for reject and break-glass). Answers JSON; 403 with the engine's reason on refusal.
     */
    @RequirePOST
    public HttpResponse doDecide(
            @QueryParameter String request,
            @QueryParameter String decision,
            @QueryParameter String role,
            @QueryParameter String comment,
            @QueryParameter String reason)
            throws IOException {
        run.getParent().checkPermission(Item.READ);
        Decision.Action action = parseAction(decision);
        if (action == null) {
            return JsonResponse.error(
                    400,
                    "decision must be one of approve, reject, break-glass, review; got '" + Util.fixNull(decision)
                            + "'");
        }
        String text = action == Decision.Action.REJECT || action == Decision.Action.BREAK_GLASS
                ? (Util.fixEmptyAndTrim(reason) != null ? reason : comment)
                : comment;
        Result r = decideAsCaller(request, action, role, text);
        ObjectNode body = JsonResponse.JSON
                .createObjectNode()
                .put("accepted", r.accepted())
                .put("message", r.message());
        if (r.request() != null) {
            body.put("request", r.request().getId()).put("status", r.request().getStatus());
            r.request().getMissing().forEach(body.putArray("missing")::add);
        }
        if (r.code() != null) {
            body.put("reason", r.code().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return new JsonResponse(r.httpStatus(), body);
    }

    /** The outcome of one web decision. */
    record Result(boolean accepted, String message, ApprovalRequest request, RefusalReason code, int httpStatus) {
        static Result refused(int status, String message) {
            return new Result(false, message, null, null, status);
        }
    }

    private Result decideAsCaller(String requestId, Decision.Action action, String role, String text)
            throws IOException {
        Identity who = JenkinsIdentity.current();
        if (who == null) {
            return Result.refused(403, "Log in to decide on a release approval.");
        }
        if (action == null) {
            return Result.refused(400, "No decision was given.");
        }
        ApprovalRequest request = pick(requestId, action);
        if (request == null) {
            return Result.refused(
                    404,
                    requestId == null
                            ? "Name the request: this build has " + requests.size() + " approval requests."
                            : "This build has no approval request '" + requestId + "'.");
        }
        Outcome outcome = decide(request, new Decision(action, who, role, Util.fixEmptyAndTrim(text)));
        if (outcome.accepted()) {
            return new Result(true, outcome.message(), request, null, 200);
        }
        RefusalReason code = outcome.events().stream()
                .filter(ApprovalEvent.Refused.class::isInstance)
                .map(e -> ((ApprovalEvent.Refused) e).reason())
                .findFirst()
                .orElse(null);
        int status = code == RefusalReason.SETTLED || code == RefusalReason.TIMED_OUT ? 409 : 403;
        return new Result(false, outcome.message(), request, code, status);
    }

    /** The named request, or the only one a decision of this kind can be about. */
    private synchronized ApprovalRequest pick(String requestId, Decision.Action action) {
        if (Util.fixEmptyAndTrim(requestId) != null) {
            return getRequest(requestId.trim());
        }
        if (requests.size() == 1) {
            return requests.get(0);
        }
        List<ApprovalRequest> candidates = requests.stream()
                .filter(r -> action == Decision.Action.REVIEW ? r.hasOpenReview() : r.isOpen())
                .toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    static Decision.Action parseAction(String decision) {
        if (decision == null) {
            return null;
        }
        return switch (decision.trim().toLowerCase(Locale.ROOT)) {
            case "approve" -> Decision.Action.APPROVE;
            case "reject" -> Decision.Action.REJECT;
            case "break-glass", "breakglass", "break_glass" -> Decision.Action.BREAK_GLASS;
            case "review" -> Decision.Action.REVIEW;
            default -> null;
        };
    }

    /** Logged, not thrown: a page must render even if one request's log cannot be read. */
    static void warn(String what, Throwable t) {
        LOGGER.log(Level.WARNING, what, t);
    }
}
