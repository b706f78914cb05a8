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
    /** The seal's signature as a Sigstore bundle, with any RFC 3161 timestamps over it; outside the manifest, like the signature. */
    public static final String SEAL_SIGSTORE = "seal.json.sigstore.json";

    public static final String LEDGER = "ledger.jsonl";
    public static final String SUMMARY = "summary.md";
    public static final String PUBLIC_KEY = "keys/signing-key.pub.pem";
    /**
     * DOS time has no zone; a local date-time keeps the bytes independent of the machine's zone.
     * Not 1980-01-01 00:00: the JDK reads that DOS value as "before 1980" and adds an extended
     * timestamp field computed in the local zone, which would make the bytes differ between machines.
     */
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** Where an entry's bytes come from when the zip is written: memory, a file, an artifact store. */
    @FunctionalInterface
    public interface EntrySource {
        InputStream open() throws IOException;
    }

    /** An entry's bytes, either in memory (made while sealing) or in a file whose digest was just checked. */
    public record Content(byte[] bytes, Path file, String sha256, long size) implements EntrySource {
        static Content of(byte[] bytes) {
            return new Content(bytes.clone(), null, Sha256.of(bytes), bytes.length);
        }

        static Content of(Path file, Sha256.Digest d) {
            return new Content(null, file, d.hex(), d.size());
        }

        /** True for entries made while sealing (ledger, manifest, seal ...), false for recorded files. */
        public boolean generated() {
            return bytes != null;
        }

        @Override
        public InputStream open() throws IOException {
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
        return fileName(release.name(), release.version());
    }

    public static String fileName(String releaseName, String version) {
        return releaseName + "-" + version + "-evidence.zip";
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
        if (compress) {
            writeZip(entries, out);
            return;
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        for (var e : entries.entrySet()) {
            Content c = e.getValue();
            ZipEntry ze = entry(e.getKey());
            ze.setMethod(ZipEntry.STORED);
            ze.setSize(c.size());
            ze.setCompressedSize(c.size());
            ze.setCrc(crc(c));
            copy(zip, ze, c);
        }
        zip.finish();
        zip.flush();
    }

    /**
     * Writes entries as the deflated bundle zip, in name order with the fixed time: the same entries give
     * the same bytes whether they come from a {@code SealedBundle} or are reassembled later from where a
     * sealed release keeps them (its generated entries in one place, its recorded files in an artifact store).
     */
    public static void writeZip(Map<String, ? extends EntrySource> entries, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        for (var e : new TreeMap<>(entries).entrySet()) {
            ZipEntry ze = entry(e.getKey());
            ze.setMethod(ZipEntry.DEFLATED);
            copy(zip, ze, e.getValue());
        }
        zip.finish();
        zip.flush();
    }

    private static ZipEntry entry(String name) {
        ZipEntry ze = new ZipEntry(name);
        ze.setTimeLocal(FIXED_TIME);
        return ze;
    }

    private static void copy(ZipOutputStream zip, ZipEntry ze, EntrySource source) throws IOException {
        zip.putNextEntry(ze);
        try (InputStream in = source.open()) {
            in.transferTo(zip);
        }
        zip.closeEntry();
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
