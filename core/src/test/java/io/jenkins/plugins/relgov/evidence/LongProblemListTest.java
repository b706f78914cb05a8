package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11.7: a bundle with 3,000 slipped-in files printed 6,007 problem lines. The console now shows
 * the first problems of each check and sums up the rest by message; the JSON keeps every one.
 */
class LongProblemListTest {
    @TempDir
    Path dir;

    @Test
    void threeThousandSlippedInFilesAreSummarisedOnTheConsoleAndListedInJson() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        Path zip = TestBundles.write(
                TestBundles.minorRelease(dir.resolve("work"), key, false).seal(key, "jenkins"),
                dir.resolve("b.zip"),
                true);
        Map<String, UnaryOperator<byte[]>> extra = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            extra.put(String.format("evidence/slipped-%04d.txt", i), b -> "x".getBytes(StandardCharsets.US_ASCII));
        }
        VerificationReport r = BundleVerifier.verify(
                TestBundles.rewrite(zip, dir.resolve("many.zip"), extra),
                new BundleVerifier.Options(key.publicKey(), null, null));

        assertThat(r.problems()).hasSize(6000);
        List<String> lines = r.render().lines().toList();
        assertThat(lines)
                .hasSizeLessThan(60)
                .contains("INVALID  evidence/slipped-0000.txt: in the bundle but not listed in manifest.json")
                .contains("INVALID  manifest: and 2,980 more problems not shown (--json lists them all):"
                        + " in the bundle but not listed in manifest.json (2,980)")
                .contains("INVALID  evidence: and 2,980 more problems not shown (--json lists them all):"
                        + " in the bundle but not recorded in the ledger (2,980)")
                .endsWith("INVALID: 6,000 problem(s)");
        assertThat(lines.stream().filter(l -> l.startsWith("INVALID  evidence/")))
                .hasSize(2 * VerificationReport.SHOWN_PER_CHECK);

        JsonNode json = TestBundles.JSON.readTree(VerificationJson.json(VerificationJson.tree(r)));
        assertThat(json.path("problemCount").asInt()).isEqualTo(6000);
        int listed = 0;
        for (JsonNode check : json.path("checks")) {
            listed += check.path("problems").size();
        }
        assertThat(listed).isEqualTo(6000);
    }

    @Test
    void differentMessagesAreCountedSeparately() {
        List<Finding> many = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(new Finding(
                    "evidence/f" + i, i % 3 == 0 ? "sha256 differs from ledger seq " + i : "missing from the bundle"));
        }
        var report = new VerificationReport(
                "b.zip",
                List.of(new CheckOutcome(
                        "evidence", "evidence", CheckOutcome.Status.FAILED, "30 problem(s)", many, List.of())),
                "fp",
                true,
                null);
        // of the 10 not shown, 7 say "missing" and 3 each name their own seq: the two commonest are named, one more
        // counted
        assertThat(report.render())
                .contains(
                        "INVALID  evidence: and 10 more problems not shown (--json lists them all):"
                                + " missing from the bundle (7); sha256 differs from ledger seq 21 (1); sha256 differs from ledger seq 24 (1); 1 with other messages\n");
    }
}
