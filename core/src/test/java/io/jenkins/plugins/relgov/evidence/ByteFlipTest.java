package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flips every byte of a small sealed bundle (stored entries, so every content byte is visible),
 * one at a time. Each mutation must be rejected, naming the entry it hit, except bytes in header
 * fields that no zip reader uses to find or decode an entry. Those tolerated fields are, per
 * APPNOTE 4.3.7 / 4.3.12: in a local header, "version needed" and the DOS time/date; in a central
 * directory record, "version made by", "version needed", DOS time/date, internal attributes and
 * the permission bits of the external attributes. They change no byte of any entry's name or
 * content. A flip that makes an entry a symlink or a special file, or moves it to another disk,
 * is refused (see {@link OutsideTheSealTest}).
 */
class ByteFlipTest {
    private static final String TINY_POLICY = "name: tiny\nroles:\n  qa: {groups: [qa]}\ntiers:\n  minor:\n"
            + "    approvals: [{role: qa, count: 1}]\n    requiredEvidence: [test-summary]\nretention: 1y\n"
            + "controls:\n  - {id: C1, framework: F, title: T, evidence: [test-summary]}\n";

    @TempDir
    Path dir;

    /** A region of the zip: an entry's data, or a header field; tolerated regions may change. */
    record Region(int start, int end, String what, boolean tolerated) {}

    @Test
    void everyMeaningfulByteFlipIsRejectedAndNamed() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        var policy = PolicyLoader.parse("tiny.yaml", TINY_POLICY);
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("app", "v1.1.0", "minor"),
                policy,
                "tiny.yaml",
                TINY_POLICY.getBytes(StandardCharsets.UTF_8),
                "jenkins",
                Ledger.inMemory(TestBundles.CLOCK),
                TestBundles.CLOCK);
        Path report = dir.resolve("t.xml");
        Files.writeString(report, "<testsuite tests=\"1\"/>");
        ev.recordFile(report, "t.xml", "test-summary", "jenkins");
        ev.recordApproval("qa", "alice", true, null);
        Path zip = dir.resolve("orig.zip");
        ev.seal(key, "jenkins").writeZip(zip, false);
        var options = new BundleVerifier.Options(key.publicKey(), policy, null);
        assertThat(BundleVerifier.verify(zip, options).valid()).isTrue();

        byte[] orig = Files.readAllBytes(zip);
        List<Region> regions = regions(orig);
        Path mutated = dir.resolve("m.zip");
        int rejected = 0;
        int tolerated = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < orig.length; i++) {
            byte[] m = orig.clone();
            m[i] ^= (byte) 0xFF;
            Files.write(mutated, m);
            Region r = regionOf(regions, i);
            String outcome;
            try {
                VerificationReport rep = BundleVerifier.verify(mutated, options);
                outcome = rep.valid() ? null : rep.problems().toString();
            } catch (BundleFormatException e) {
                outcome = e.getMessage();
            } catch (RuntimeException e) {
                failures.add("offset " + i + " (" + r.what() + "): unexpected " + e);
                continue;
            }
            if (outcome == null) {
                tolerated++;
                if (!r.tolerated()) {
                    failures.add("offset " + i + " (" + r.what() + "): mutation accepted");
                }
            } else {
                rejected++;
                if (r.what().startsWith("data of ")
                        && !outcome.contains(r.what().substring("data of ".length()))) {
                    failures.add("offset " + i + " (" + r.what() + "): rejected without naming it: " + outcome);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(rejected + tolerated).isEqualTo(orig.length);
        // every data byte and every structural byte outside the tolerated fields was rejected
        long toleratedBytes = regions.stream()
                .filter(Region::tolerated)
                .mapToLong(r -> r.end() - r.start())
                .sum();
        assertThat(tolerated).isLessThanOrEqualTo((int) toleratedBytes);
        System.out.printf(
                "byte flips: %d bytes, %d rejected, %d tolerated (of %d bytes in tolerated fields)%n",
                orig.length, rejected, tolerated, toleratedBytes);
    }

    private static Region regionOf(List<Region> regions, int offset) {
        Region best = null;
        for (Region r : regions) {
            if (offset >= r.start()
                    && offset < r.end()
                    && (best == null || r.end() - r.start() < best.end() - best.start())) {
                best = r;
            }
        }
        return best == null ? new Region(offset, offset + 1, "structure", false) : best;
    }

    /** The test's own reading of the zip layout (APPNOTE 4.3): where each header, field and data lies. */
    private static List<Region> regions(byte[] z) {
        ByteBuffer b = ByteBuffer.wrap(z).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = z.length - 22;
        assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
        int count = b.getShort(eocd + 10);
        int cd = b.getInt(eocd + 16);
        List<Region> out = new ArrayList<>();
        var names = new TreeMap<Integer, String>();
        int p = cd;
        for (int i = 0; i < count; i++) {
            int n = b.getShort(p + 28);
            int e = b.getShort(p + 30);
            int c = b.getShort(p + 32);
            int loc = b.getInt(p + 42);
            String name = new String(z, p + 46, n, StandardCharsets.UTF_8);
            names.put(loc, name);
            out.add(new Region(p, p + 46 + n + e + c, "central header of " + name, false));
            out.add(new Region(p + 4, p + 8, "central version fields", true));
            out.add(new Region(p + 12, p + 16, "central time/date", true));
            out.add(new Region(p + 36, p + 42, "central attributes", true));
            int ln = b.getShort(loc + 26);
            int le = b.getShort(loc + 28);
            int size = b.getInt(p + 20);
            out.add(new Region(loc, loc + 30 + ln + le, "local header of " + name, false));
            out.add(new Region(loc + 4, loc + 6, "local version needed", true));
            out.add(new Region(loc + 10, loc + 14, "local time/date", true));
            out.add(new Region(loc + 30 + ln + le, loc + 30 + ln + le + size, "data of " + name, false));
            p += 46 + n + e + c;
        }
        return out;
    }
}
