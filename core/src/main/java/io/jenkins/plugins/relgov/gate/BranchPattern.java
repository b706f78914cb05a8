package io.jenkins.plugins.relgov.gate;

import java.util.regex.Pattern;

/**
 * A branch pattern from a policy: {@code *} matches within one path segment ({@code release/*} matches
 * {@code release/1.4}, not {@code release/1.4/x}), {@code **} matches across segments, {@code ?} one character.
 * A leading {@code refs/heads/} or {@code origin/} on the branch is ignored, as CI systems add them.
 */
final class BranchPattern {
    private BranchPattern() {
    }

    static boolean matches(String pattern, String branch) {
        return regex(pattern).matcher(strip(branch)).matches();
    }

    static String strip(String branch) {
        for (String prefix : new String[] {"refs/heads/", "origin/"}) {
            if (branch.startsWith(prefix)) {
                return branch.substring(prefix.length());
            }
        }
        return branch;
    }

    private static Pattern regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
