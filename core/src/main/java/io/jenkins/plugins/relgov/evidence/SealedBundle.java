package io.jenkins.plugins.relgov.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A sealed release's files, ready to be written as one deterministic zip: entries in name order,
 * a fixed timestamp, no extra fields, so the same evidence always gives the same bytes.
 */
public final class SealedBundle {
    public static final String FORMAT = "relgov-bundle/v1";
    public static final String MANIFEST = "manifest.json";
    public static final String SEAL = "seal.json";
    public static final String SEAL_SIG = "seal.json.sig";
    public static final String LEDGER = "ledger.jsonl";
    public static final String SUMMARY = "summary.md";
    public static final String PUBLIC_KEY = "keys/signing-key.pub.pem";
    /**
     * DOS time has no zone; a local date-time keeps the bytes independent of the machine's zone.
     * Not 1980-01-01 00:00: the JDK reads that DOS value as "before 1980" and adds an extended
     * timestamp field computed in the local zone, which would make the bytes differ between machines.
     */
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** An entry's bytes, either in memory or in a file whose digest was just checked. */
    public record Content(byte[] bytes, Path file, String sha256, long size) {
        static Content of(byte[] bytes) {
            return new Content(bytes.clone(), null, Sha256.of(bytes), bytes.length);
        }

        static Content of(Path file, Sha256.Digest d) {
            return new Content(null, file, d.hex(), d.size());
        }

        InputStream open() throws IOException {
            return bytes != null ? new java.io.ByteArrayInputStream(bytes) : Files.newInputStream(file);
        }
    }

    private final ReleaseEvidence.Release release;
    private final Map<String, Content> entries;

    SealedBundle(ReleaseEvidence.Release release, Map<String, Content> entries) {
        this.release = release;
        this.entries = new TreeMap<>(entries);
    }

    public Map<String, Content> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** The conventional file name: {@code <name>-<version>-evidence.zip}. */
    public String fileName() {
        return release.name() + "-" + release.version() + "-evidence.zip";
    }

    /** Writes the zip into {@code dir} under {@link #fileName()} and returns its path. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve(fileName());
        writeZip(zip, true);
        return zip;
    }

    public void writeZip(Path zip, boolean compress) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip)) {
            writeZip(out, compress);
        }
    }

    /** Deflated (compress) or stored entries; stored bundles are what the byte-flip test mutates. */
    public void writeZip(OutputStream out, boolean compress) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        for (var e : entries.entrySet()) {
            Content c = e.getValue();
            ZipEntry ze = new ZipEntry(e.getKey());
            ze.setTimeLocal(FIXED_TIME);
            if (compress) {
                ze.setMethod(ZipEntry.DEFLATED);
            } else {
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(c.size());
                ze.setCompressedSize(c.size());
                ze.setCrc(crc(c));
            }
            zip.putNextEntry(ze);
            try (InputStream in = c.open()) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private static long crc(Content c) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = c.open()) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }
}
