package io.jenkins.plugins.relgov.release;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version. Parsing accepts an optional {@code v} prefix (tags are often
 * {@code v1.2.3}); {@link #toString()} prints the plain form. Precedence ({@link #compareTo}) follows
 * §11 of the spec: build metadata is ignored, so two versions differing only in build metadata
 * compare equal although {@link #equals} tells them apart.
 *
 * @param major      X
 * @param minor      Y
 * @param patch      Z
 * @param preRelease dot-separated pre-release identifiers (empty for a release)
 * @param build      dot-separated build metadata identifiers (empty when none)
 */
public record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease, List<String> build)
        implements Comparable<SemVer> {

    /** The spec's own regular expression (semver.org, "Is there a suggested regular expression"). */
    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private static final Pattern NUMERIC = Pattern.compile("\\d+");
    private static final int MAX_LENGTH = 256;

    public static final SemVer ZERO = of(0, 0, 0);

    public SemVer {
        preRelease = List.copyOf(preRelease == null ? List.of() : preRelease);
        build = List.copyOf(build == null ? List.of() : build);
        if (major.signum() < 0 || minor.signum() < 0 || patch.signum() < 0) {
            throw new IllegalArgumentException("version numbers cannot be negative");
        }
    }

    public static SemVer of(long major, long minor, long patch) {
        return new SemVer(BigInteger.valueOf(major), BigInteger.valueOf(minor), BigInteger.valueOf(patch), null, null);
    }

    /**
     * Parses {@code 1.2.3}, {@code v1.2.3-rc.1+build.5} and the like.
     *
     * @throws IllegalArgumentException saying what a version looks like
     */
    public static SemVer parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a semantic version: longer than " + MAX_LENGTH + " characters");
        }
        String body = t.startsWith("v") || t.startsWith("V") ? t.substring(1) : t;
        Matcher m = SYNTAX.matcher(body);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a semantic version: '" + text
                            + "' (expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. v1.4.0 or 2.0.0-rc.1; no leading zeros)");
        }
        return new SemVer(
                new BigInteger(m.group(1)),
                new BigInteger(m.group(2)),
                new BigInteger(m.group(3)),
                m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")),
                m.group(5) == null ? List.of() : List.of(m.group(5).split("\\.")));
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** This version without pre-release and build metadata. */
    public SemVer core() {
        return new SemVer(major, minor, patch, null, null);
    }

    /** §11 precedence. */
    @Override
    public int compareTo(SemVer o) {
        int c = major.compareTo(o.major);
        if (c == 0) {
            c = minor.compareTo(o.minor);
        }
        if (c == 0) {
            c = patch.compareTo(o.patch);
        }
        if (c != 0) {
            return c;
        }
        // §11.3: a pre-release version has lower precedence than the normal version
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        // §11.4: identifier by identifier; numeric < alphanumeric; more identifiers wins when all equal
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = NUMERIC.matcher(a).matches();
        boolean bn = NUMERIC.matcher(b).matches();
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b); // ASCII order: identifiers are [0-9A-Za-z-]
    }

    public boolean isGreaterThan(SemVer o) {
        return compareTo(o) > 0;
    }

    /** {@code 1.2.3-rc.1+build.5}; {@code v} is never printed. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch
                + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease))
                + (build.isEmpty() ? "" : "+" + String.join(".", build));
    }
}
