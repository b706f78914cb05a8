package io.jenkins.plugins.relgov.policy;

/** Field paths as messages show them: {@code tiers.major.approvals[1].role}. */
final class Paths {
    private Paths() {}

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The last key of a path ({@code roles.ciso} gives {@code ciso}). */
    static String lastKey(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
