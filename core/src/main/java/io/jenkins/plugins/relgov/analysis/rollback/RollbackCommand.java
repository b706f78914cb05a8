package io.jenkins.plugins.relgov.analysis.rollback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy's rollback command ({@code make rollback ENV=${ENV} VERSION=${VERSION}}) made concrete.
 * The values are checked before they are placed (a SemVer-shaped version, a plain environment name) and the
 * result is an argument list, so no shell ever parses them: {@code v1.2.3; rm -rf /} is refused, not run.
 */
public final class RollbackCommand {

    private static final Pattern VERSION = Pattern.compile(
            "v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private RollbackCommand() {}

    /**
     * Renders the command as an argument list.
     *
     * @param template    the policy's {@code rollback.command}
     * @param environment the environment to roll back
     * @param version     the version to roll back to
     * @throws IllegalArgumentException when a value is not safe or the template has an unknown placeholder
     */
    public static List<String> render(String template, String environment, String version) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the policy has no rollback.command");
        }
        Map<String, String> values = Map.of("ENV", checkEnvironment(environment), "VERSION", checkVersion(version));
        List<String> argv = new ArrayList<>();
        for (String word : template.strip().split("\\s+")) {
            Matcher m = PLACEHOLDER.matcher(word);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException(
                            "rollback.command uses ${" + m.group(1) + "}; only ${ENV} and ${VERSION} are known");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            argv.add(sb.toString());
        }
        return List.copyOf(argv);
    }

    /** The command as one line, for logs ({@code make rollback ENV=production VERSION=v1.4.2}). */
    public static String display(List<String> argv) {
        return String.join(" ", argv);
    }

    static String checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    "version must look like v1.2.3 (SemVer, optional v), got '" + printable(version) + "'");
        }
        return version;
    }

    static String checkEnvironment(String environment) {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw new IllegalArgumentException("environment must be a plain name (letters, digits, - and _), got '"
                    + printable(environment) + "'");
        }
        return environment;
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 60 ? p.substring(0, 60) + "..." : p;
    }
}
