package io.jenkins.plugins.relgov.plugin;

import hudson.AbortException;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyDigest;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.TierKind;
import io.jenkins.plugins.relgov.release.TierClassifier;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The one place the plugin calls core's policy loader, validator and digest, so the glue stays thin. */
final class PolicyTexts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private PolicyTexts() {
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static Set<String> shippedNames() {
        return Set.copyOf(ShippedPolicies.names());
    }

    /** Every problem the core validator finds, one line each ({@code file:line:col: path: message}). */
    static List<String> problems(String sourceName, String text) {
        try {
            PolicyLoader.parse(text, sourceName);
            return List.of();
        } catch (PolicyException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
    }

    static ResolvedPolicy load(String name, String text, String origin) throws AbortException {
        try {
            Policy p = PolicyLoader.parse(text, name + ".yaml");
            return new ResolvedPolicy(name, p, PolicyDigest.of(text, name + ".yaml"), origin, text);
        } catch (PolicyException e) {
            throw new AbortException("Release governance policy '" + name + "' (" + origin + ") is invalid:\n"
                    + String.join("\n", e.problems().stream().map(Object::toString).toList()));
        }
    }

    /** The tier of a release under a policy, or an abort carrying core's message (e.g. version not greater). */
    static TierKind tierOf(Policy policy, String version, String previousVersion, String branch)
            throws AbortException {
        try {
            return TierClassifier.classify(policy, version, previousVersion, branch);
        } catch (IllegalArgumentException e) {
            throw new AbortException("Cannot classify release " + version + ": " + e.getMessage());
        }
    }

    static ResolvedPolicy shipped(String name) throws AbortException {
        try {
            return new ResolvedPolicy(name, ShippedPolicies.load(name), ShippedPolicies.digest(name), "shipped",
                    ShippedPolicies.text(name));
        } catch (PolicyException e) {
            throw new AbortException("Shipped policy '" + name + "' is invalid: " + e.getMessage());
        }
    }
}
