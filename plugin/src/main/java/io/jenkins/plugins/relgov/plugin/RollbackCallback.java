package io.jenkins.plugins.relgov.plugin;

import hudson.model.Result;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** After {@code autoRollback}'s body, the rollback: the step succeeds (post-steps still run) and the build is FAILURE. */
final class RollbackCallback extends BodyExecutionCallback {
    private static final long serialVersionUID = 1L;
    private final LinkedHashMap<String, Object> summary;

    RollbackCallback(Map<String, Object> summary) {
        this.summary = new LinkedHashMap<>(summary);
    }

    @Override
    public void onSuccess(StepContext context, Object result) {
        try {
            context.get(TaskListener.class)
                    .getLogger()
                    .println("[release-governance] rollback completed; the build is marked FAILURE");
        } catch (IOException | InterruptedException e) {
            // the log line is a courtesy; the result below is what matters
        }
        context.setResult(Result.FAILURE);
        context.onSuccess(summary);
    }

    @Override
    public void onFailure(StepContext context, Throwable t) {
        context.onFailure(t);
    }
}
