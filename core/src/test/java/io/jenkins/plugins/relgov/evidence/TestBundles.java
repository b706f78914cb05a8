package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Builds sample releases the way a pipeline would, with real openssl keys. */
final class TestBundles {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();
    static final LoadedPolicy INOPSIO = ShippedPolicies.loaded("inopsio");

    private TestBundles() {}

    static SigningKey key(Path dir, String alg) throws Exception {
        Files.createDirectories(dir);
        OpenSsl.keyPair(dir, alg, false);
        return SigningKey.read(dir.resolve("key.pem"), null);
    }

    static VerificationKey pub(Path dir) {
        return VerificationKey.read(dir.resolve("pub.pem"));
    }

    /** A minor release that meets the inopsio policy: QA then PM approval, tests and scan recorded. */
    static ReleaseEvidence minorRelease(Path work, SigningKey key, boolean realReports) throws Exception {
        return minorRelease(work, key, realReports, ev -> {});
    }

    /** What a test does to a release before it is deployed (attest, decide ...). */
    interface BeforeDeploy {
        void accept(ReleaseEvidence ev) throws Exception;
    }

    /** The same release, with {@code beforeDeploy} done between the governance attestation and the deployment. */
    static ReleaseEvidence minorRelease(Path work, SigningKey key, boolean realReports, BeforeDeploy beforeDeploy)
            throws Exception {
        return minorRelease(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"), work, key, realReports, beforeDeploy);
    }

    /** The same release, started as {@code release} (a minor one) says. */
    static ReleaseEvidence minorRelease(
            ReleaseEvidence.Release release, Path work, SigningKey key, boolean realReports, BeforeDeploy beforeDeploy)
            throws Exception {
        Files.createDirectories(work);
        var ev = ReleaseEvidence.start(release, INOPSIO, "jenkins", CLOCK);
        ev.recordGate("tests", true, JSON.createObjectNode().put("tests", 3).put("failures", 0), "jenkins");
        ev.recordGate(
                "line-coverage",
                true,
                JSON.createObjectNode().put("actual", "93.1%").put("required", "> 90%"),
                "jenkins");
        Path report = work.resolve("TEST-shop.xml");
        Path scan = work.resolve("trivy.sarif");
        if (realReports) { // made by Surefire and ESLint from the sources beside them, so present in every clone
            copyResource("/reports/generated/surefire/TEST-sample.BandTest.xml", report);
            copyResource("/reports/generated/sarif/eslint.sarif", scan);
        } else {
            Files.writeString(report, "<testsuite tests=\"3\" failures=\"0\"/>\n");
            Files.writeString(scan, "{\"runs\":[]}\n");
        }
        ev.recordFile(report, "junit/TEST-shop.xml", "test-summary", "jenkins");
        ev.recordFile(scan, "scans/trivy.sarif", "security-scan", "jenkins");
        ev.recordRecord(
                "risk-assessment", JSON.createObjectNode().put("risk", "low").put("owner", "carol"), "carol");
        ev.recordApproval("qa-lead", "alice", true, "regression suite green");
        ev.recordApproval("product-manager", "bob", true, null);
        Path jar = work.resolve("shop-2.4.0.jar");
        Files.writeString(jar, "PK fake jar bytes\n");
        ev.signArtifact(jar, key, true, "jenkins");
        ev.attestGovernance(key, "jenkins");
        beforeDeploy.accept(ev);
        ev.record(EventType.DEPLOYMENT, "jenkins", JSON.createObjectNode().put("environment", "production"));
        return ev;
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (var in = TestBundles.class.getResourceAsStream(name)) {
            Files.copy(java.util.Objects.requireNonNull(in, name), to);
        }
    }

    static Path write(SealedBundle sealed, Path zip, boolean compress) throws IOException {
        sealed.writeZip(zip, compress);
        return zip;
    }

    /** Rewrites a bundle with some entries replaced (null removes; new names are added), as an attacker would. */
    static Path rewrite(Path zip, Path out, Map<String, UnaryOperator<byte[]>> edits) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        edits.forEach((name, f) -> {
            byte[] v = f.apply(entries.get(name));
            if (v == null) {
                entries.remove(name);
            } else {
                entries.put(name, v);
            }
        });
        var bytes = new ByteArrayOutputStream();
        try (ZipOutputStream o = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                o.putNextEntry(new ZipEntry(e.getKey()));
                o.write(e.getValue());
                o.closeEntry();
            }
        }
        Files.write(out, bytes.toByteArray());
        return out;
    }
}
