package io.jenkins.plugins.relgov.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The policies shipped with the product, loadable by name: {@code inopsio} (ISO 27001 / SOC 2
 * multi-tenant SaaS, the default) and {@code dealsphere} (a regulated FinTech process in ten phases).
 */
public final class ShippedPolicies {

    /** The default policy. */
    public static final String DEFAULT = "inopsio";

    private static final List<String> NAMES = List.of("inopsio", "dealsphere");

    private ShippedPolicies() {}

    /** The names of the shipped policies, default first. */
    public static List<String> names() {
        return NAMES;
    }

    /** The shipped policy {@code name}. */
    public static Policy load(String name) {
        return loaded(name).policy();
    }

    /** The shipped policy {@code name} with its source and digest. */
    public static LoadedPolicy loaded(String name) {
        // Only listed names reach the class path, so a name cannot walk to another resource.
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "no shipped policy named '" + name + "'" + PolicyReader.suggestion(String.valueOf(name), NAMES)
                            + " (shipped: " + String.join(", ", NAMES) + ")");
        }
        String resource = "/io/jenkins/plugins/relgov/policies/" + name + ".yaml";
        try (InputStream in = ShippedPolicies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped policy missing from the class path: " + resource);
            }
            return PolicyLoader.load("classpath:policies/" + name + ".yaml", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code name} is a shipped policy. */
    public static boolean isShipped(String name) {
        return NAMES.contains(name);
    }
}
