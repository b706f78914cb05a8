package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Cobertura XML (Cobertura 2.x, coverage.py, and the many tools that write its format): the overall
 * figures are the root's {@code lines-covered}/{@code lines-valid} and {@code branches-covered}/
 * {@code branches-valid} counts; packages carry only {@code line-rate}/{@code branch-rate}.
 */
public final class CoberturaParser {
    private CoberturaParser() {}

    public static CoverageReport parse(InputStream in, String file) {
        return SecureXml.read(in, file, "Cobertura report", "", Map.of("coverage", CoberturaParser::read));
    }

    /** Reads from a reader positioned on the {@code <coverage>} start tag. */
    static CoverageReport read(XMLStreamReader xml, String file) throws XMLStreamException {
        long linesCovered = SecureXml.longAttr(xml, "lines-covered", file);
        long linesValid = SecureXml.longAttr(xml, "lines-valid", file);
        long branchesCovered = SecureXml.longAttr(xml, "branches-covered", file);
        long branchesValid = SecureXml.longAttr(xml, "branches-valid", file);
        if (linesCovered < 0 || linesValid < 0) {
            // Cobertura 1.x wrote only rates; a rate alone cannot be merged with other reports or checked honestly.
            throw new ReportException(
                    file,
                    xml.getLocation().getLineNumber(),
                    "<coverage> lacks the lines-covered and lines-valid counts (written by Cobertura 2 and coverage.py);"
                            + " regenerate the report with a current tool",
                    null);
        }
        Ratio branch =
                branchesCovered < 0 || branchesValid < 0 ? Ratio.NONE : new Ratio(branchesCovered, branchesValid);
        List<CoverageReport.PackageCoverage> packages = new ArrayList<>();
        int depth = 1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                depth++;
                if (depth == 3 && xml.getLocalName().equals("package")) {
                    packages.add(new CoverageReport.PackageCoverage(
                            xml.getAttributeValue(null, "name"),
                            rate(xml, "line-rate", file),
                            branch.measured() ? rate(xml, "branch-rate", file) : Double.NaN));
                }
            } else if (event == XMLStreamReader.END_ELEMENT) {
                depth--;
            }
        }
        return new CoverageReport("Cobertura", new Ratio(linesCovered, linesValid), branch, packages);
    }

    private static double rate(XMLStreamReader xml, String attribute, String file) {
        String v = xml.getAttributeValue(null, attribute);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return 100.0 * Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new ReportException(
                    file, xml.getLocation().getLineNumber(), attribute + "=\"" + v + "\" is not a number", e);
        }
    }
}
