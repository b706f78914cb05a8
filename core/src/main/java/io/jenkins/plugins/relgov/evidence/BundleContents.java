package io.jenkins.plugins.relgov.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Every file of a bundle, read once: its SHA-256 and size, and its bytes when it is metadata
 * (manifest, seal, ledger, signatures ...). Evidence files and artifacts are only hashed, since
 * they may be large; {@link #open} streams one again when a check needs its bytes.
 */
final class BundleContents {

    /** A file as read: its digest and size, and its bytes unless it is bulk. */
    record Read(String sha256, long size, byte[] bytes) {
    }

    private final ZipDirectory zip;
    private final Map<String, Read> files;

    private BundleContents(ZipDirectory zip, Map<String, Read> files) {
        this.zip = zip;
        this.files = files;
    }

    /**
     * Reads every file entry; entries are independent, so one worker per core takes the next entry
     * until none is left, hashing through one buffer of its own (a buffer per entry would allocate
     * as much as the bundle holds).
     */
    static BundleContents read(ZipDirectory zip, ZipLimits limits) throws IOException {
        List<ZipDirectory.Entry> entries = zip.entries.stream().filter(e -> !e.isFolder()).toList();
        for (ZipDirectory.Entry e : entries) {
            if (!isBulk(e.name()) && e.size() > limits.maxInMemoryBytes()) {
                throw ZipDirectory.fail("bundle", "entry '" + e.name() + "' is too large for metadata (" + e.size() + " bytes)");
            }
        }
        Read[] reads = new Read[entries.size()];
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(entries.size(), Runtime.getRuntime().availableProcessors()));
        long largest = entries.stream().filter(e -> isBulk(e.name())).mapToLong(ZipDirectory.Entry::size).max().orElse(0);
        try {
            IntStream.range(0, workers).parallel().forEach(w -> {
                byte[] buffer = Sha256.newBuffer(largest);
                for (int i; (i = next.getAndIncrement()) < reads.length; ) {
                    reads[i] = read(zip, entries.get(i), buffer);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Map<String, Read> files = new LinkedHashMap<>();
        for (int i = 0; i < reads.length; i++) {
            files.put(entries.get(i).name(), reads[i]);
        }
        return new BundleContents(zip, files);
    }

    static boolean isBulk(String name) {
        return name.startsWith("evidence/") || name.startsWith("artifacts/");
    }

    private static Read read(ZipDirectory zip, ZipDirectory.Entry e, byte[] buffer) {
        try (InputStream in = zip.open(e)) {
            if (isBulk(e.name())) {
                Sha256.Digest d = Sha256.of(in, buffer);
                return new Read(d.hex(), d.size(), null);
            }
            byte[] b = in.readAllBytes();
            return new Read(Sha256.of(b), b.length, b);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The file named {@code name}, or null. */
    Read get(String name) {
        return files.get(name);
    }

    boolean has(String name) {
        return files.containsKey(name);
    }

    /** Every file name, in the zip's order. */
    Set<String> names() {
        return Collections.unmodifiableSet(files.keySet());
    }

    int size() {
        return files.size();
    }

    /** The uncompressed bytes of file {@code name}, streamed from the zip again. */
    InputStream open(String name) {
        ZipDirectory.Entry e = zip.entries.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entry " + name));
        return zip.open(e);
    }
}
