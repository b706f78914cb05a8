package io.jenkins.plugins.relgov.release;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A branch pattern as policies write them: {@code *} matches within one path segment
 * ({@code release/*} matches {@code release/1.4} but not {@code release/1.4/fix}), {@code **}
 * matches across segments, {@code ?} matches one character other than {@code /}; everything else is
 * literal. A leading {@code refs/heads/} or {@code origin/} on the branch name is ignored, since
 * Jenkins reports branches in several spellings.
 */
public final class BranchGlob {

    private final String pattern;
    private final Pattern regex;

    private BranchGlob(String pattern) {
        this.pattern = pattern;
        this.regex = Pattern.compile(toRegex(pattern));
    }

    public static BranchGlob of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("a branch pattern cannot be empty");
        }
        return new BranchGlob(pattern.trim());
    }

    /** True when {@code branch} matches any of {@code patterns}. */
    public static boolean matchesAny(Iterable<String> patterns, String branch) {
        for (String p : patterns) {
            if (of(p).matches(branch)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String branch) {
        return branch != null && regex.matcher(normalise(branch)).matches();
    }

    static String normalise(String branch) {
        String b = branch.trim();
        for (String prefix : new String[] {"refs/heads/", "origin/"}) {
            if (b.startsWith(prefix)) {
                return b.substring(prefix.length());
            }
        }
        return b;
    }

    private static String toRegex(String glob) {
        StringBuilder r = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    r.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                if (c == '?') {
                    r.append("[^/]");
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    r.append(".*");
                    i++;
                } else {
                    r.append("[^/]*");
                }
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            r.append(Pattern.quote(literal.toString()));
        }
        return r.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
