package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads a coverage report, recognising JaCoCo ({@code <report>}) or Cobertura ({@code <coverage>}) by its root. */
public final class CoverageParser {
    private CoverageParser() {
    }

    public static CoverageReport parse(InputStream in, String file) {
        XMLStreamReader xml = SecureXml.open(in, file);
        try {
            String root = SecureXml.root(xml, file);
            return switch (root) {
                case "report" -> JacocoParser.read(xml, file);
                case "coverage" -> CoberturaParser.read(xml, file);
                default -> throw new ReportException(file, xml.getLocation().getLineNumber(),
                        "not a coverage report: the root element is <" + root
                                + ">, expected JaCoCo <report> or Cobertura <coverage>", null);
            };
        } catch (XMLStreamException e) {
            throw SecureXml.error(file, e);
        } finally {
            SecureXml.close(xml);
        }
    }
}
