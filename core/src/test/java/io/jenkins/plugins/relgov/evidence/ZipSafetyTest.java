package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile zips: each is refused as unusable (exit 2) with a message naming the problem. */
class ZipSafetyTest {
    @TempDir
    Path dir;

    VerificationKey pub;

    @BeforeEach
    void key() throws Exception {
        SigningKey k = TestBundles.key(dir.resolve("keys"), "ec");
        pub = k.publicKey();
    }

    private BundleVerifier.Options options() {
        return new BundleVerifier.Options(pub, null, null);
    }

    private static byte[] zip(boolean stored, String... namesAndContents) throws Exception {
        var out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                ZipEntry e = new ZipEntry(namesAndContents[i]);
                byte[] b = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                if (stored) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(b.length);
                    var crc = new java.util.zip.CRC32();
                    crc.update(b);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(b);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private void assertUnusable(byte[] bytes, String message) throws Exception {
        Path f = dir.resolve("b.zip");
        Files.write(f, bytes);
        assertThatThrownBy(() -> BundleVerifier.verify(f, options()))
                .isInstanceOf(BundleFormatException.class)
                .hasMessageStartingWith("b.zip: ")
                .hasMessageContaining(message);
    }

    @Test
    void zipSlipAndAbsoluteNamesAreRefused() throws Exception {
        assertUnusable(
                zip(false, "manifest.json", "{}", "evidence/../../../etc/cron.d/x", "boom"),
                "entry 'evidence/../../../etc/cron.d/x': unsafe name: path segment '..' (zip-slip)");
        assertUnusable(zip(false, "/etc/passwd", "x"), "entry '/etc/passwd': unsafe name: absolute");
        assertUnusable(zip(false, "evidence\\..\\x", "x"), "absolute or Windows-style path");
        assertUnusable(zip(false, "C:/x", "x"), "absolute or Windows-style path");
        assertUnusable(zip(false, "evidence/a\u0000b", "x"), "entry 'evidence/a\\x00b': unsafe name");
        assertUnusable(zip(false, "../", ""), "entry '../': unsafe name: path segment '..' (zip-slip)");
        assertUnusable(zip(false, "evidence/", "hidden"), "entry 'evidence/': a folder entry with 6 bytes of content");
    }

    @Test
    void duplicateNamesAreRefused() throws Exception {
        byte[] z = zip(true, "evidence/a1", "one", "evidence/a2", "two");
        replaceAll(z, "evidence/a2", "evidence/a1"); // the JDK will not write duplicates; patch them in
        assertUnusable(z, "entry 'evidence/a1': duplicate entry");
    }

    @Test
    void aTruncatedZipIsRefused() throws Exception {
        byte[] z = zip(false, "ledger.jsonl", "x".repeat(5000), "manifest.json", "{}");
        assertUnusable(Arrays.copyOf(z, z.length / 2), "end of central directory not found (truncated or corrupt)");
        assertUnusable(Arrays.copyOf(z, z.length - 1), "truncated or corrupt");
        assertUnusable(new byte[0], "not a zip");
        assertUnusable(
                "just text, not a zip at all".getBytes(StandardCharsets.UTF_8), "end of central directory not found");
    }

    @Test
    void aCompressionBombIsRefusedBeforeInflating() throws Exception {
        var out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("evidence/zeros.bin"));
            z.write(new byte[64 << 20]); // 64 MiB of zeros deflate to ~64 KiB
            z.closeEntry();
        }
        assertUnusable(out.toByteArray(), "entry 'evidence/zeros.bin': compression ratio");
    }

    @Test
    void anEntryHoldingMoreThanItDeclaresIsStoppedAtTheDeclaredSize() throws Exception {
        var out = new ByteArrayOutputStream();
        byte[] data = new byte[300_000];
        new java.util.Random(1).nextBytes(data);
        Arrays.fill(data, 0, 200_000, (byte) 'a');
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("evidence/big.bin"));
            z.write(data);
            z.closeEntry();
        }
        byte[] b = out.toByteArray();
        // claim 1,000 bytes in the central directory and the data descriptor
        byte[] real = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(300_000)
                .array();
        byte[] fake = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(1_000)
                .array();
        assertThat(replaceAll(b, real, fake)).isEqualTo(2);
        assertUnusable(b, "entry 'evidence/big.bin': more data than the declared 1000 bytes (zip bomb?)");
    }

    @Test
    void limitsOnEntriesAndSizesApply() throws Exception {
        Path f = dir.resolve("many.zip");
        Files.write(f, zip(false, "a", "1", "b", "2", "c", "3"));
        assertThatThrownBy(() -> BundleVerifier.verify(
                        f, new BundleVerifier.Options(pub, null, new ZipLimits(2, 100, 1000, 100, 200))))
                .hasMessage("many.zip: 3 entries, more than the limit of 2");
        Files.write(f, zip(false, "a", "x".repeat(101)));
        assertThatThrownBy(() -> BundleVerifier.verify(
                        f, new BundleVerifier.Options(pub, null, new ZipLimits(10, 100, 1000, 100, 200))))
                .hasMessage("many.zip: entry 'a': 101 bytes uncompressed, more than the limit of 100");
    }

    @Test
    void hiddenOrDisagreeingDataIsRefused() throws Exception {
        byte[] z = zip(true, "evidence/a.txt", "alpha", "evidence/b.txt", "bravo");
        byte[] prefixed = new byte[z.length + 4];
        System.arraycopy(z, 0, prefixed, 4, z.length);
        assertUnusable(prefixed, "central directory (offset");
        // the local header says another name than the central directory: streaming and
        // directory-based unzip tools would disagree about what is in the bundle
        byte[] c = z.clone();
        int loc = indexOf(c, "evidence/b.txt".getBytes(StandardCharsets.UTF_8));
        c[loc + 9] = 'c';
        assertUnusable(c, "entry 'evidence/b.txt': local header names 'evidence/c.txt' instead");
    }

    @Test
    void aBundleWithoutItsSealIsInvalidNotUnusable() throws Exception {
        Path f = dir.resolve("plain.zip");
        Files.write(f, zip(false, "evidence/a.txt", "alpha"));
        VerificationReport r = BundleVerifier.verify(f, options());
        assertThat(r.problems())
                .extracting(Finding::toString)
                .contains("manifest.json: missing from the bundle", "ledger.jsonl: missing from the bundle");
    }

    private static int replaceAll(byte[] hay, String from, String to) {
        return replaceAll(hay, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8));
    }

    private static int replaceAll(byte[] hay, byte[] from, byte[] to) {
        int n = 0;
        for (int i = 0; i + from.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, hay, i, to.length);
                n++;
            }
        }
        return n;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
