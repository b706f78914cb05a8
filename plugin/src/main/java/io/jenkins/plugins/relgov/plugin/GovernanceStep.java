package io.jenkins.plugins.relgov.plugin;

import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The parameters every governance step accepts to name the release it governs. Only the first
 * governance step of a build needs them; later steps reuse the release it determined, and a later
 * step that names a different release fails rather than mixing two releases' evidence.
 */
public abstract class GovernanceStep extends Step {

    private String policy;
    private String version;
    private String previousVersion;
    private String environment;
    private String branch;

    public String getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Util.fixEmptyAndTrim(policy);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    public String getPreviousVersion() {
        return previousVersion;
    }

    @DataBoundSetter
    public void setPreviousVersion(String previousVersion) {
        this.previousVersion = Util.fixEmptyAndTrim(previousVersion);
    }

    public String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = Util.fixEmptyAndTrim(branch);
    }

    /** The release as this step names it (nulls where it said nothing). */
    public ReleaseRequest releaseRequest() {
        return new ReleaseRequest(policy, version, previousVersion, environment, branch);
    }
}
