package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The summary is rendered again from the manifest and the ledger and must match word for word. */
final class SummaryCheck implements BundleCheck {

    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String label(Verification v) {
        return SealedBundle.SUMMARY;
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        BundleContents.Read r = v.contents.get(SealedBundle.SUMMARY);
        if (r == null) {
            findings.problem(SealedBundle.SUMMARY, "missing from the bundle");
            return "";
        }
        ObjectNode header = v.manifest.deepCopy();
        header.remove("files");
        String expected;
        try {
            expected = Summary.markdown(header, v.ledger);
        } catch (Summary.UnknownFormatException e) {
            findings.problem(SealedBundle.SUMMARY, e.getMessage());
            return "";
        }
        String actual = new String(r.bytes(), StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            String[] a = actual.split("\n", -1);
            String[] b = expected.split("\n", -1);
            int line = 0;
            while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
                line++;
            }
            findings.problem(
                    SealedBundle.SUMMARY, "line " + (line + 1) + " does not say what the ledger and manifest say");
        }
        return "matches the ledger and manifest";
    }
}
