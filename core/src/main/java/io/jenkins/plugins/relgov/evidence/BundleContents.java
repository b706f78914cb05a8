package io.jenkins.plugins.relgov.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every file of a bundle, read once: its SHA-256 and size, and its bytes when it is metadata
 * (manifest, seal, ledger, signatures ...). Evidence files and artifacts ("bulk") are only hashed, since
 * they may be large; {@link #open} streams one again when a check needs its bytes.
 *
 * <p>Hashing the bulk files is most of a verification's work, and the checks that read metadata (the seal's
 * signature, the ledger) need none of it. So {@link #read} starts hashing them at once, on every core but the
 * caller's, and returns after reading the metadata; the first check that asks for a bulk file's digest hashes
 * alongside the workers until none is left, then waits for the last ones. {@link #close} stops the workers
 * before the bundle's channel is closed.
 *
 * <p>A metadata file is hashed when a check first asks for it, not as it is read: by then the workers have run the
 * JDK's SHA-256 long enough for the JIT to hand it the CPU's SHA instructions, while at the start the caller would
 * hash the metadata (a megabyte for a bundle of a thousand files) block by block through slower code.
 */
final class BundleContents implements AutoCloseable {

    /** A file as read: its digest and size, and its bytes unless it is bulk. */
    record Read(String sha256, long size, byte[] bytes) {}

    private final ZipDirectory zip;
    private final Set<String> names;
    /** The metadata files' bytes ... */
    private final Map<String, byte[]> metadata;
    /** ... and each one's {@link Read}, made when a check first asks for it. */
    private final Map<String, Read> metadataReads = new ConcurrentHashMap<>();

    private final Map<String, Integer> bulkIndex;
    private final List<ZipDirectory.Entry> bulk;
    private final Read[] bulkReads;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final int bufferSize;
    private volatile Throwable failure;
    private boolean bulkDone;

    private BundleContents(ZipDirectory zip, List<ZipDirectory.Entry> files) {
        this.zip = zip;
        Set<String> all = new LinkedHashSet<>();
        List<ZipDirectory.Entry> b = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        long largest = 0;
        for (ZipDirectory.Entry e : files) {
            all.add(e.name());
            if (isBulk(e.name())) {
                index.put(e.name(), b.size());
                b.add(e);
                largest = Math.max(largest, e.size());
            }
        }
        this.names = Collections.unmodifiableSet(all);
        this.bulk = b;
        this.bulkIndex = index;
        this.bulkReads = new Read[b.size()];
        this.metadata = new HashMap<>();
        this.bufferSize = Sha256.newBuffer(largest).length;
    }

    /**
     * Starts hashing the bulk files in the background and reads the metadata files; a digest of a bulk file is
     * there when {@link #get} returns it.
     */
    static BundleContents read(ZipDirectory zip, ZipLimits limits) throws IOException {
        List<ZipDirectory.Entry> files =
                zip.entries.stream().filter(e -> !e.isFolder()).toList();
        for (ZipDirectory.Entry e : files) {
            if (!isBulk(e.name()) && e.size() > limits.maxInMemoryBytes()) {
                throw ZipDirectory.fail(
                        "bundle", "entry '" + e.name() + "' is too large for metadata (" + e.size() + " bytes)");
            }
        }
        BundleContents contents = new BundleContents(zip, files);
        contents.startWorkers(Runtime.getRuntime().availableProcessors() - 1);
        try {
            for (ZipDirectory.Entry e : files) {
                if (!isBulk(e.name())) {
                    contents.metadata.put(e.name(), readMetadata(zip, e));
                }
            }
        } catch (IOException | RuntimeException e) {
            contents.close();
            throw e;
        }
        return contents;
    }

    static boolean isBulk(String name) {
        return name.startsWith("evidence/") || name.startsWith("artifacts/");
    }

    private static byte[] readMetadata(ZipDirectory zip, ZipDirectory.Entry e) throws IOException {
        try (InputStream in = zip.open(e)) {
            return in.readAllBytes();
        }
    }

    private void startWorkers(int count) {
        for (int i = 0; i < Math.min(count, bulk.size()); i++) {
            Thread t = new Thread(this::hashBulk, "relgov-hash-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Takes the next unclaimed bulk file until none is left, hashing through one buffer of its own (a buffer per
     * entry would allocate as much as the bundle holds). After a failure nothing more is claimed.
     */
    private void hashBulk() {
        byte[] buffer = new byte[bufferSize];
        for (int i; failure == null && (i = next.getAndIncrement()) < bulkReads.length; ) {
            ZipDirectory.Entry e = bulk.get(i);
            try (InputStream in = zip.open(e)) {
                Sha256.Digest d = Sha256.of(in, buffer);
                bulkReads[i] = new Read(d.hex(), d.size(), null);
            } catch (IOException | RuntimeException ex) {
                failure = ex;
            }
        }
    }

    /** Hashes alongside the workers until every bulk file is done; rethrows what any of them failed with. */
    private synchronized void awaitBulk() {
        if (!bulkDone) {
            hashBulk();
            joinWorkers();
            bulkDone = true;
        }
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
    }

    private void joinWorkers() {
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers (they finish the file at hand) and waits for them, so the channel can be closed. */
    @Override
    public void close() {
        next.set(bulkReads.length);
        joinWorkers();
    }

    /** The file named {@code name}, or null. */
    Read get(String name) {
        byte[] bytes = metadata.get(name);
        if (bytes != null) {
            return metadataReads.computeIfAbsent(name, n -> new Read(Sha256.of(bytes), bytes.length, bytes));
        }
        Integer i = bulkIndex.get(name);
        if (i == null) {
            return null;
        }
        awaitBulk();
        return bulkReads[i];
    }

    boolean has(String name) {
        return names.contains(name);
    }

    /** Every file name, in the zip's order. */
    Set<String> names() {
        return names;
    }

    int size() {
        return names.size();
    }

    /** Every file as read, in the zip's order (waiting for the bulk files' digests). */
    Map<String, Read> all() {
        Map<String, Read> files = new LinkedHashMap<>();
        names.forEach(n -> files.put(n, get(n)));
        return files;
    }

    /** The uncompressed bytes of file {@code name}, streamed from the zip again. */
    InputStream open(String name) {
        ZipDirectory.Entry e = zip.entries.stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entry " + name));
        return zip.open(e);
    }
}
