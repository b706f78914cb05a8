package io.jenkins.plugins.relgov.cli;

import static io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.relgov;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.Run;
import io.jenkins.plugins.relgov.evidence.ChangeRecord;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relgov report --oscal}: an auditor's OSCAL document of a verified bundle, and nothing for one that does not verify. */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    Path pub;
    Path bundle;

    @BeforeEach
    void sealed() throws Exception {
        SigningKey key = SigningKey.generate(KeyAlgorithm.ECDSA_P256);
        pub = Files.writeString(
                dir.resolve("release-key.pub.pem"), key.publicKey().toPem());
        Path work = Files.createDirectories(dir.resolve("work"));
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                ShippedPolicies.loaded("inopsio"),
                "jenkins",
                CLOCK);
        ev.recordChange(
                new ChangeRecord(
                        "CHG-1234", "CSV export", "none: read-only", "carol", "make rollback VERSION=v2.3.1", null),
                "carol");
        ev.recordFile(
                Files.writeString(work.resolve("t.xml"), "<testsuite tests=\"1\"/>"),
                "t.xml",
                "test-summary",
                "jenkins");
        ev.recordApproval("qa-lead", "alice", true, null);
        ev.recordApproval("product-manager", "bob", true, null);
        ev.record(
                EventType.DEPLOYMENT,
                "jenkins",
                JSON.createObjectNode().put("environment", "production").put("version", "v2.4.0"));
        bundle = ev.seal(key, "jenkins").writeTo(Files.createDirectories(dir.resolve("out")));
    }

    @Test
    void writesTheSameOscalDocumentToAFileOrStandardOutput() throws Exception {
        Path file = dir.resolve("shop-oscal.json");
        Run written = relgov("report", "--oscal", bundle.toString(), "--key", pub.toString(), "-o", file.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.out()).isEmpty();
        Run printed = relgov("report", "--oscal", bundle.toString(), "--key", pub.toString());
        assertThat(printed.exit()).isZero();
        assertThat(printed.out()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));

        JsonNode result = JSON.readTree(file.toFile())
                .path("assessment-results")
                .path("results")
                .get(0);
        assertThat(result.path("title").asText()).isEqualTo("Release shop v2.4.0 (tier minor, policy inopsio)");
        JsonNode first = result.path("findings").get(0);
        assertThat(first.path("target").path("target-id").asText()).isEqualTo("ISO27001-A.12");
        // ISO27001-A.12 wants a signature and a gate result, which this release did not record
        assertThat(first.path("target").path("status").path("state").asText()).isEqualTo("not-satisfied");
        assertThat(first.path("target").path("status").path("remarks").asText())
                .isEqualTo("missing: signature, gate-result");
    }

    @Test
    void withoutATrustedKeyTheDocumentIsWrittenAndTheExitCodeSaysSo() throws Exception {
        Run r = relgov("report", "--oscal", bundle.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err())
                .startsWith("relgov report: no --key given: the seal was checked only with the key inside the bundle");
        assertThat(JSON.readTree(r.out())
                        .path("assessment-results")
                        .path("results")
                        .get(0)
                        .path("remarks")
                        .asText())
                .contains("no trusted key was given");
    }

    @Test
    void aBundleThatDoesNotVerifyGetsNoDocument() throws Exception {
        Path tampered = dir.resolve("tampered.zip");
        try (ZipFile in = new ZipFile(bundle.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] b = in.getInputStream(e).readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(
                        e.getName().equals("evidence/t.xml")
                                ? "<testsuite tests=\"9\"/>".getBytes(StandardCharsets.UTF_8)
                                : b);
                out.closeEntry();
            }
        }
        Path file = dir.resolve("never.json");
        Run r = relgov("report", "--oscal", tampered.toString(), "--key", pub.toString(), "-o", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(r.err())
                .contains("relgov report: evidence/t.xml: sha256 ")
                .contains("does not verify")
                .contains("no OSCAL document written");
    }

    @Test
    void unusableInputIsOneLine() {
        Run missing = relgov("report", "--oscal", dir.resolve("no-such.zip").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("relgov report: " + dir.resolve("no-such.zip") + ": no such file");
        Run noOption = relgov("report");
        assertThat(noOption.exit()).isEqualTo(2);
        assertThat(noOption.err()).contains("--oscal");
    }
}
