package io.jenkins.plugins.relgov.plugin;

import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * What every governance step's descriptor says the same way: its function name, its title in the Snippet
 * Generator, and the context it needs: the run, its log and its environment (where the release's defaults,
 * {@code RELGOV_*} and {@code BRANCH_NAME}, come from), plus what the step itself needs besides.
 */
public abstract class GovernanceStepDescriptor extends StepDescriptor {

    private final String functionName;
    private final String displayName;
    private final Set<Class<?>> context;

    protected GovernanceStepDescriptor(String functionName, String displayName, Class<?>... moreContext) {
        this.functionName = functionName;
        this.displayName = displayName;
        Set<Class<?>> c = new HashSet<>(List.of(Run.class, TaskListener.class, EnvVars.class));
        c.addAll(List.of(moreContext));
        this.context = Set.copyOf(c);
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return context;
    }
}
