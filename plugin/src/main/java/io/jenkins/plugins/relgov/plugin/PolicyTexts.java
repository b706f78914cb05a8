package io.jenkins.plugins.relgov.plugin;

import hudson.AbortException;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.TierKind;
import io.jenkins.plugins.relgov.release.TierClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The one place the plugin calls core's policy loader, validator and classifier, so the glue stays thin. */
final class PolicyTexts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private PolicyTexts() {}

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static Set<String> shippedNames() {
        return Set.copyOf(ShippedPolicies.names());
    }

    /** Every problem the core validator finds, one line each ({@code file:line:col: path: message}). */
    static List<String> problems(String sourceName, String text) {
        try {
            PolicyLoader.parse(sourceName, text == null ? "" : text);
            return List.of();
        } catch (PolicyException e) {
            return messages(e);
        }
    }

    private static List<String> messages(PolicyException e) {
        return e.problems().isEmpty()
                ? List.of(String.valueOf(e.getMessage()))
                : e.problems().stream().map(Object::toString).toList();
    }

    static ResolvedPolicy load(String name, String text, String origin) throws AbortException {
        try {
            LoadedPolicy p = PolicyLoader.parse(name + ".yaml", text);
            return new ResolvedPolicy(name, p.policy(), p.digest().hex(), origin, text);
        } catch (PolicyException e) {
            throw new AbortException("Release governance policy '" + name + "' (" + origin + ") is invalid:\n"
                    + String.join("\n", messages(e)));
        }
    }

    static ResolvedPolicy shipped(String name) throws AbortException {
        try {
            LoadedPolicy p = ShippedPolicies.loaded(name);
            return new ResolvedPolicy(name, p.policy(), p.digest().hex(), "shipped", shippedText(name));
        } catch (PolicyException | IllegalArgumentException e) {
            throw new AbortException("Shipped policy '" + name + "' cannot be used: " + e.getMessage());
        }
    }

    // only names ShippedPolicies lists reach here, so the resource path cannot be steered elsewhere
    private static String shippedText(String name) {
        String resource = "/io/jenkins/plugins/relgov/policies/" + name + ".yaml";
        try (InputStream in = ShippedPolicies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped policy missing from the plugin: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tier of a release under a policy, or an abort carrying core's message (e.g. version not greater). */
    static TierKind tierOf(Policy policy, String version, String previousVersion, String branch) throws AbortException {
        try {
            return new TierClassifier(policy)
                    .classify(version, previousVersion, branch)
                    .tier();
        } catch (IllegalArgumentException e) {
            throw new AbortException("Cannot classify release " + version + ": " + e.getMessage());
        }
    }
}
