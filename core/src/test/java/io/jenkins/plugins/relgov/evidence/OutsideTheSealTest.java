package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: bytes of a zip that the seal does not cover (a zip comment, extra fields, entry comments)
 * verified VALID although the auditor guide says nothing may be hidden, and symlink entries were not
 * refused. Each starts from a genuine sealed bundle that verifies, so the refusal is for that alone.
 */
class OutsideTheSealTest {
    private static final int EOCD = 0x06054b50;
    private static final int CEN = 0x02014b50;

    @TempDir
    Path dir;

    SigningKey key;
    Path sealed;

    @BeforeEach
    void sealARelease() throws Exception {
        key = TestBundles.key(dir.resolve("keys"), "ec");
        sealed = TestBundles.write(
                TestBundles.minorRelease(dir.resolve("work"), key, false).seal(key, "jenkins"),
                dir.resolve("b.zip"),
                false);
        assertThat(verify(sealed).valid()).isTrue();
    }

    private VerificationReport verify(Path zip) throws Exception {
        return BundleVerifier.verify(zip, new BundleVerifier.Options(key.publicKey(), TestBundles.INOPSIO, null));
    }

    private void assertRefused(byte[] bytes, String message) throws Exception {
        Path f = Files.write(dir.resolve("hostile.zip"), bytes);
        assertThatThrownBy(() -> verify(f))
                .isInstanceOf(BundleFormatException.class)
                .hasMessage("hostile.zip: " + message);
    }

    @Test
    void aZipCommentIsRefusedAndNamed() throws Exception {
        byte[] zip = Files.readAllBytes(sealed);
        byte[] comment = "release approved by the CISO, see ticket SEC-1".getBytes(StandardCharsets.UTF_8);
        byte[] commented = java.util.Arrays.copyOf(zip, zip.length + comment.length);
        System.arraycopy(comment, 0, commented, zip.length, comment.length);
        le(commented).putShort(zip.length - 2, (short) comment.length);
        // any zip reader reads it as a comment, and everything else as before
        Path f = Files.write(dir.resolve("commented.zip"), commented);
        assertThat(OpenSsl.ok(
                        dir,
                        "python3",
                        "-c",
                        "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); z.testzip(); print(z.comment.decode())",
                        f.toString()))
                .contains("see ticket SEC-1");
        assertRefused(commented, "a zip comment of " + comment.length + " bytes: data the seal does not cover");
    }

    @Test
    void theJdksOwnCommentAndExtraFieldsAreRefused() throws Exception {
        assertRefused(
                rewrite(z -> z.setComment("hidden"), null), "a zip comment of 6 bytes: data the seal does not cover");
        assertRefused(
                rewrite(null, e -> e.setComment("hidden note")),
                "entry 'evidence/junit/TEST-shop.xml': an entry comment of 11 bytes: data the seal does not cover");
        // an extra field is free bytes beside the name, and Info-ZIP's Unicode path field (0x7075) renames the entry
        // for some readers
        byte[] unicodePath = ByteBuffer.allocate(4 + 9)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x7075)
                .putShort((short) 9)
                .put((byte) 1)
                .putInt(0)
                .put("../x".getBytes(StandardCharsets.US_ASCII))
                .array();
        assertRefused(
                rewrite(null, e -> e.setExtra(unicodePath)),
                "entry 'evidence/junit/TEST-shop.xml': an extra field of 13 bytes: data the seal does not cover");
    }

    @Test
    void aSymbolicLinkIsRefusedWhoeverWroteIt() throws Exception {
        // Python's zipfile, as an attacker would use it: the same files, one of them a symlink to /etc/cron.d
        String script = "import zipfile,sys\n"
                + "src=zipfile.ZipFile(sys.argv[1]); out=zipfile.ZipFile(sys.argv[2],'w')\n"
                + "for i in src.infolist():\n"
                + "  z=zipfile.ZipInfo(i.filename, date_time=i.date_time); z.create_system=3\n"
                + "  z.external_attr=(0o120777 if i.filename==sys.argv[3] else 0o100644)<<16\n"
                + "  out.writestr(z, src.read(i.filename))\n"
                + "out.close()\n";
        Path py = Files.writeString(dir.resolve("relink.py"), script);
        OpenSsl.ok(dir, "python3", py.toString(), sealed.toString(), "plain.zip", "none");
        assertThat(verify(dir.resolve("plain.zip")).valid())
                .as("rewritten with plain file modes, it still verifies")
                .isTrue();
        OpenSsl.ok(dir, "python3", py.toString(), sealed.toString(), "link.zip", "evidence/scans/trivy.sarif");
        assertRefused(
                Files.readAllBytes(dir.resolve("link.zip")),
                "entry 'evidence/scans/trivy.sarif': a symbolic link (unsafe: extracting it could write outside the folder)");
    }

    @Test
    void deviceSetuidAndOtherDisksAreRefused() throws Exception {
        String entry = "artifacts/shop-2.4.0.jar";
        assertRefused(
                withCentral(entry, 38, 0020666 << 16),
                "entry '" + entry + "': file type 020000 in its attributes: not a plain file (unsafe)");
        assertRefused(
                withCentral(entry, 38, 0104755 << 16),
                "entry '" + entry + "': setuid/setgid bits in its attributes (unsafe)");
        assertRefused(
                withCentral(entry, 38, 0040755 << 16),
                "entry '" + entry + "': file type 040000 in its attributes: not a plain file (unsafe)");
        assertThat(verify(Files.write(dir.resolve("rw.zip"), withCentral(entry, 38, 0100644 << 16)))
                        .valid())
                .as("a plain file mode is fine")
                .isTrue();
        byte[] disk = Files.readAllBytes(sealed);
        le(disk).putShort(central(disk, entry) + 34, (short) 1);
        assertRefused(disk, "entry '" + entry + "': starts on disk 1: multi-disk archives are not supported");
    }

    @Test
    void aFlippedEntryCountIsNamedAsACorruptEndRecord() throws Exception {
        byte[] zip = Files.readAllBytes(sealed);
        int eocd = zip.length - 22;
        assertThat(le(zip).getInt(eocd)).isEqualTo(EOCD);
        int count = le(zip).getShort(eocd + 10);
        byte[] onDisk = zip.clone();
        onDisk[eocd + 8] ^= 0x01;
        assertRefused(
                onDisk,
                "the end record is corrupt: it counts " + (count ^ 1) + " entries on this disk but " + count
                        + " in all");
        byte[] both = zip.clone();
        le(both).putShort(eocd + 8, (short) (count + 1)).putShort(eocd + 10, (short) (count + 1));
        assertRefused(
                both, "the end record counts " + (count + 1) + " entries but the central directory holds " + count);
        byte[] fewer = zip.clone();
        le(fewer).putShort(eocd + 8, (short) (count - 1)).putShort(eocd + 10, (short) (count - 1));
        assertThatThrownBy(() -> verify(Files.write(dir.resolve("f.zip"), fewer)))
                .isInstanceOf(BundleFormatException.class)
                .hasMessageStartingWith(
                        "f.zip: the end record counts " + (count - 1) + " entries but the central directory holds ")
                .hasMessageEndingWith(" bytes more");
        byte[] disk = zip.clone();
        le(disk).putShort(eocd + 4, (short) 2);
        assertRefused(disk, "multi-disk archives are not supported (the end record names disk 2)");
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The offset of {@code name}'s central directory record. */
    private static int central(byte[] zip, String name) {
        ByteBuffer b = le(zip);
        int p = b.getInt(zip.length - 22 + 16);
        while (b.getInt(p) == CEN) {
            int n = b.getShort(p + 28);
            if (new String(zip, p + 46, n, StandardCharsets.UTF_8).equals(name)) {
                return p;
            }
            p += 46 + n + b.getShort(p + 30) + b.getShort(p + 32);
        }
        throw new AssertionError("no entry " + name);
    }

    private byte[] withCentral(String name, int field, int value) throws Exception {
        byte[] zip = Files.readAllBytes(sealed);
        le(zip).putInt(central(zip, name) + field, value);
        return zip;
    }

    /** The sealed bundle written again by the JDK, with a zip-level and an entry-level change. */
    private byte[] rewrite(
            java.util.function.Consumer<ZipOutputStream> zipLevel, java.util.function.Consumer<ZipEntry> onTestReport)
            throws Exception {
        var out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(sealed.toFile());
                ZipOutputStream z = new ZipOutputStream(out)) {
            if (zipLevel != null) {
                zipLevel.accept(z);
            }
            for (ZipEntry e : Collections.list(in.entries())) {
                ZipEntry copy = new ZipEntry(e.getName());
                if (onTestReport != null && e.getName().equals("evidence/junit/TEST-shop.xml")) {
                    onTestReport.accept(copy);
                }
                z.putNextEntry(copy);
                z.write(in.getInputStream(e).readAllBytes());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
