package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import java.util.Map;

/** Reads a coverage report, recognising JaCoCo ({@code <report>}) or Cobertura ({@code <coverage>}) by its root. */
public final class CoverageParser {
    private CoverageParser() {}

    public static CoverageReport parse(InputStream in, String file) {
        return SecureXml.read(
                in,
                file,
                "coverage report",
                ", expected JaCoCo <report> or Cobertura <coverage>",
                Map.<String, SecureXml.Body<CoverageReport>>of(
                        "report", JacocoParser::read, "coverage", CoberturaParser::read));
    }
}
