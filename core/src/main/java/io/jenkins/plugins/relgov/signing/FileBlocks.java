package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file once, in large blocks, feeding every byte to a digest and, when given, to a signature: the one
 * fast way this project reads a file it hashes or signs (the JDK hashes with the CPU's SHA instructions).
 */
public final class FileBlocks {
    /** Files above this, read on one thread, go through direct buffers (files read ahead go through heap arrays). */
    private static final int DIRECT_ABOVE = 1 << 20;
    /**
     * Files above this are read on a second core while this one hashes (when there is a second core). Public for the
     * CLI's class-data training, which signs a file this large so that the archive holds the read-ahead's classes too.
     */
    public static final long READ_AHEAD_ABOVE = 16L << 20;

    private static final int DIRECT_BLOCK = 1 << 18;
    /**
     * Each block read ahead is one hand-over between the threads, and the reader, being faster, waits for every block
     * the hashing side frees: a wake-up, a system call on the hashing side. Blocks of 1 MiB rather than 256 KiB signed
     * 1 GiB about 6% faster (benchmarks/README.md).
     */
    private static final int READ_AHEAD_BLOCK = 1 << 20;

    private static final int READ_AHEAD_BLOCKS = 4;
    private static final int HEAP_MIN = 8192;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private FileBlocks() {}

    /**
     * Feeds the whole of {@code file} to {@code digest} (and {@code signature}, unless null); returns the bytes read.
     *
     * <p>Large files go through a direct buffer: reading into a heap array makes the JDK read into its own direct
     * buffer and copy a whole block out of cache, while MessageDigest copies a direct buffer in small chunks that
     * stay in L1 (measured about 5% faster on 1 GiB; see benchmarks/hash-bench.sh). Small files are one read into a
     * right-sized array, where allocating a direct buffer would cost more. Files of many blocks are read ahead by a
     * second thread into heap arrays ({@link #readAhead}).
     */
    public static long feed(Path file, MessageDigest digest, Signature signature) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long expected = ch.size();
            if (expected > READ_AHEAD_ABOVE && Runtime.getRuntime().availableProcessors() > 1) {
                return readAhead(ch, digest, signature, file);
            }
            ByteBuffer buf = expected > DIRECT_ABOVE
                    ? ByteBuffer.allocateDirect(DIRECT_BLOCK)
                    : ByteBuffer.allocate((int) Math.max(HEAP_MIN, expected + 1));
            long size = 0;
            for (int n; (n = ch.read(buf)) >= 0; ) {
                buf.flip();
                update(buf, digest, signature);
                buf.clear();
                size += n;
            }
            return size;
        }
    }

    private static void update(ByteBuffer block, MessageDigest digest, Signature signature) {
        try {
            if (signature != null) {
                signature.update(block.duplicate());
            }
        } catch (SignatureException e) {
            throw new IllegalStateException("the signature was not initialised for signing", e);
        }
        digest.update(block);
    }

    /**
     * Copying a file out of the page cache is a sixth of hashing it (the kernel's share, measured on 1 GiB): a reader
     * thread fills the next blocks while this one hashes, so the copy no longer adds to the time. Blocks go round
     * between the two through a pair of queues; an empty block marks the end (or a failure to read).
     *
     * <p>The blocks are heap arrays, the opposite of the one-thread case: the JDK's copy from its direct buffer into
     * the array is then the reader's, and the digest takes each block in one call, where a direct block made this
     * thread copy it out 4 KiB at a time (signing 1 GiB about 2% faster, benchmarks/README.md).
     */
    private static long readAhead(FileChannel ch, MessageDigest digest, Signature signature, Path file)
            throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(READ_AHEAD_BLOCKS);
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(READ_AHEAD_BLOCKS);
        for (int i = 0; i < READ_AHEAD_BLOCKS; i++) {
            free.add(ByteBuffer.allocate(READ_AHEAD_BLOCK));
        }
        IOException[] failed = new IOException[1];
        Thread reader = new Thread(
                () -> {
                    try {
                        try {
                            fill(ch, free, full);
                        } catch (IOException e) {
                            failed[0] = e;
                        }
                        full.put(END);
                    } catch (InterruptedException e) {
                        // the hashing side gave up
                    }
                },
                "relgov-read-ahead");
        reader.setDaemon(true);
        reader.start();
        long size = 0;
        try {
            for (ByteBuffer b; (b = full.take()).hasRemaining(); ) {
                size += b.remaining();
                update(b, digest, signature);
                free.put(b.clear());
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(file + ": interrupted while reading it");
        } finally {
            reader.interrupt();
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return size;
    }

    /** Reads the channel into free blocks and hands each on, until the end of the file. */
    private static void fill(FileChannel ch, BlockingQueue<ByteBuffer> free, BlockingQueue<ByteBuffer> full)
            throws IOException, InterruptedException {
        for (boolean end = false; !end; ) {
            ByteBuffer b = free.take();
            while (b.hasRemaining() && !end) {
                end = ch.read(b) < 0;
            }
            if (b.flip().hasRemaining()) {
                full.put(b);
            }
        }
    }
}
