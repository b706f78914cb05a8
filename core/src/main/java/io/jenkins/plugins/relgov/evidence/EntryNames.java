package io.jenkins.plugins.relgov.evidence;

import java.util.regex.Pattern;

/**
 * The names a bundle may hold: relative, forward-slash paths of plain segments. Anything that
 * could escape an extraction folder (zip-slip) or be read differently by another tool is refused.
 */
public final class EntryNames {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private EntryNames() {}

    /** Returns a reason the name is unsafe, or null when it is fine. */
    public static String problem(String name) {
        if (name.isEmpty() || name.length() > 512) {
            return "name is empty or longer than 512 characters";
        }
        if (name.startsWith("/") || name.contains("\\") || DRIVE.matcher(name).matches()) {
            return "absolute or Windows-style path";
        }
        for (String seg : name.split("/", -1)) {
            if (seg.equals("..") || seg.equals(".")) {
                return "path segment '" + seg + "' (zip-slip)";
            }
            if (!isPlainSegment(seg)) {
                return "unsafe characters or empty segment";
            }
        }
        return null;
    }

    /**
     * {@code [A-Za-z0-9._+@=,-][A-Za-z0-9._+@=, -]*}: no space first, nothing else anywhere. A loop
     * rather than a regex because the verifier checks every name of bundles with thousands of entries.
     */
    static boolean isPlainSegment(String seg) {
        if (seg.isEmpty() || seg.charAt(0) == ' ') {
            return false;
        }
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '+'
                    || c == '@'
                    || c == '='
                    || c == ','
                    || c == '-'
                    || c == ' ';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String check(String name) {
        String p = problem(name);
        if (p != null) {
            throw new IllegalArgumentException("unsafe bundle entry name '" + printable(name) + "': " + p);
        }
        return name;
    }

    static String printable(String name) {
        var sb = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
