package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.gate.CheckResult;
import io.jenkins.plugins.relgov.gate.CheckStatus;
import io.jenkins.plugins.relgov.gate.GateResult;
import java.util.ArrayList;
import java.util.List;

/** The gate result as a plain-text table, one check a row, then the one-line summary. */
final class GateTable {
    private static final String[] HEADER = {"STATUS", "CHECK", "MEASURED", "THRESHOLD", "REASON"};

    private GateTable() {}

    static String render(GateResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CheckResult c : r.checks()) {
            rows.add(new String[] {status(c), c.id(), dash(c.measured()), dash(c.threshold()), c.reason()});
        }
        int[] width = new int[HEADER.length - 1];
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                sb.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
            }
            sb.append(row[HEADER.length - 1]).append('\n');
        }
        return sb.append('\n').append(r.summary()).append('\n').toString();
    }

    private static String status(CheckResult c) {
        String s = c.status() == CheckStatus.NOT_APPLICABLE ? "n/a" : c.status().name();
        return c.waiver() != null ? s + " (waived)" : s;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
