package io.jenkins.plugins.relgov.plugin;

import hudson.EnvVars;
import hudson.Util;
import java.io.Serializable;

/**
 * What a governance step was told about the release, before defaults from the environment apply.
 * Any field may be null. Environment defaults: {@code RELGOV_POLICY}, {@code RELGOV_VERSION},
 * {@code RELGOV_PREVIOUS_VERSION}, {@code RELGOV_ENVIRONMENT}, and {@code BRANCH_NAME} for the branch.
 */
public record ReleaseRequest(String policy, String version, String previousVersion, String environment, String branch)
        implements Serializable {

    public ReleaseRequest {
        policy = Util.fixEmptyAndTrim(policy);
        version = Util.fixEmptyAndTrim(version);
        previousVersion = Util.fixEmptyAndTrim(previousVersion);
        environment = Util.fixEmptyAndTrim(environment);
        branch = Util.fixEmptyAndTrim(branch);
    }

    public static final ReleaseRequest NONE = new ReleaseRequest(null, null, null, null, null);

    /** Fills what the step left out from the build's environment. */
    public ReleaseRequest withDefaults(EnvVars env) {
        return new ReleaseRequest(
                first(policy, env.get("RELGOV_POLICY")),
                first(version, env.get("RELGOV_VERSION")),
                first(previousVersion, env.get("RELGOV_PREVIOUS_VERSION")),
                first(environment, env.get("RELGOV_ENVIRONMENT")),
                first(branch, env.get("BRANCH_NAME")));
    }

    private static String first(String a, String b) {
        return a != null ? a : Util.fixEmptyAndTrim(b);
    }
}
