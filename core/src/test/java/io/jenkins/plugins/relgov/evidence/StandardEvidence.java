package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.report.JUnitParser;
import io.jenkins.plugins.relgov.report.SarifParser;
import io.jenkins.plugins.relgov.report.ScanFinding;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VulnsPredicate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A release carrying every standard attestation, the way a pipeline records them, and a way to unpack its bundle. */
final class StandardEvidence {
    private StandardEvidence() {}

    /** Test results and scan findings (from the real reports it recorded) and the release decision for production. */
    static TestBundles.BeforeDeploy attestAll(SigningKey key) {
        return ev -> {
            var tests = JUnitParser.parse(
                    resource("/reports/generated/surefire/TEST-sample.BandTest.xml"), "TEST-shop.xml");
            ev.attestTestResults(
                    tests, List.of("junit/TEST-shop.xml"), "https://jenkins.example/job/shop/42/", key, "jenkins");
            ev.attestVulnerabilities(eslintScan(), key, "jenkins");
            ev.attestReleaseDecision("production", key, "jenkins");
        };
    }

    static VulnsPredicate eslintScan() {
        List<ScanFinding> findings = new ArrayList<>();
        SarifParser.parse(resource("/reports/generated/sarif/eslint.sarif"), "eslint.sarif", findings::add);
        return new VulnsPredicate("pkg:npm/eslint@9.39.5", "9.39.5", findings, "sarif", null, null);
    }

    static InputStream resource(String name) {
        return java.util.Objects.requireNonNull(StandardEvidence.class.getResourceAsStream(name), name);
    }

    /** Unzips a bundle (relgov's own, whose names are safe) into {@code into}. */
    static Path unzip(Path zip, Path into) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                Path out = into.resolve(e.getName());
                Files.createDirectories(out.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, out);
                }
            }
        }
        return into;
    }
}
