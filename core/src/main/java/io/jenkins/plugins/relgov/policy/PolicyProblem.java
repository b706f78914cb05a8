package io.jenkins.plugins.relgov.policy;

/**
 * One thing wrong with a policy file, located precisely enough to fix it without searching.
 *
 * @param file    the file name as the user gave it
 * @param line    1-based line (0 when unknown)
 * @param column  1-based column (0 when unknown)
 * @param path    the field path, e.g. {@code tiers.major.approvals[1].role} (empty for the document)
 * @param message what is wrong and, where possible, what would be right
 */
public record PolicyProblem(String file, int line, int column, String path, String message) {

    /**
     * {@code inopsio.yaml:42:7: tiers.major.approvals[1].role: unknown role 'cisoo' (known: ciso, cto)}; a position
     * that is not known is left out rather than written as 0 ({@code big.yaml: policy file is larger than ...}).
     */
    @Override
    public String toString() {
        String at = line <= 0 ? "" : ":" + line + (column <= 0 ? "" : ":" + column);
        return file + at + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
