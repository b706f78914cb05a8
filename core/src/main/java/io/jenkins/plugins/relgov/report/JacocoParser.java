package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * JaCoCo XML: the overall figures are the {@code LINE} and {@code BRANCH} counters that are direct children
 * of {@code <report>}; a package's are the direct children of its {@code <package>}. JaCoCo leaves a counter
 * out when there is nothing of its kind (no branches), which reads here as "not measured".
 */
public final class JacocoParser {
    private JacocoParser() {}

    public static CoverageReport parse(InputStream in, String file) {
        return SecureXml.read(in, file, "JaCoCo report", "", Map.of("report", JacocoParser::read));
    }

    /** Reads from a reader positioned on the {@code <report>} start tag. */
    static CoverageReport read(XMLStreamReader xml, String file) throws XMLStreamException {
        Ratio line = Ratio.NONE;
        Ratio branch = Ratio.NONE;
        List<CoverageReport.PackageCoverage> packages = new ArrayList<>();
        String pkg = null;
        Ratio pkgLine = Ratio.NONE;
        Ratio pkgBranch = Ratio.NONE;
        int depth = 1;
        int pkgDepth = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                depth++;
                String name = xml.getLocalName();
                if (name.equals("package") && pkgDepth < 0) {
                    pkgDepth = depth;
                    pkg = xml.getAttributeValue(null, "name");
                    pkgLine = Ratio.NONE;
                    pkgBranch = Ratio.NONE;
                } else if (name.equals("counter") && (depth == 2 || depth == pkgDepth + 1)) {
                    String type = xml.getAttributeValue(null, "type");
                    if ("LINE".equals(type) || "BRANCH".equals(type)) {
                        Ratio r = counter(xml, file);
                        boolean top = depth == 2;
                        if ("LINE".equals(type)) {
                            if (top) {
                                line = r;
                            } else {
                                pkgLine = r;
                            }
                        } else if (top) {
                            branch = r;
                        } else {
                            pkgBranch = r;
                        }
                    }
                }
            } else if (event == XMLStreamReader.END_ELEMENT) {
                if (depth == pkgDepth) {
                    packages.add(new CoverageReport.PackageCoverage(pkg, pkgLine.percent(), pkgBranch.percent()));
                    pkgDepth = -1;
                }
                depth--;
            }
        }
        return new CoverageReport("JaCoCo", line, branch, packages);
    }

    private static Ratio counter(XMLStreamReader xml, String file) {
        long missed = SecureXml.longAttr(xml, "missed", file);
        long covered = SecureXml.longAttr(xml, "covered", file);
        if (missed < 0 || covered < 0) {
            throw new ReportException(
                    file,
                    xml.getLocation().getLineNumber(),
                    "<counter> needs whole-number 'missed' and 'covered' attributes",
                    null);
        }
        return new Ratio(covered, covered + missed);
    }
}
