package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;

/**
 * Reads a file once, in large blocks, feeding every byte to a digest and, when given, to a signature: the one
 * fast way this project reads a file it hashes or signs (the JDK hashes with the CPU's SHA instructions).
 */
public final class FileBlocks {
    /** Files above this are read through a direct buffer. */
    private static final int DIRECT_ABOVE = 1 << 20;
    private static final int DIRECT_BLOCK = 1 << 18;
    private static final int HEAP_MIN = 8192;

    private FileBlocks() {
    }

    /**
     * Feeds the whole of {@code file} to {@code digest} (and {@code signature}, unless null); returns the bytes read.
     *
     * <p>Large files go through a direct buffer: reading into a heap array makes the JDK read into its own direct
     * buffer and copy a whole block out of cache, while MessageDigest copies a direct buffer in small chunks that
     * stay in L1 (measured about 5% faster on 1 GiB; see benchmarks/hash-bench.sh). Small files are one read into a
     * right-sized array, where allocating a direct buffer would cost more.
     */
    public static long feed(Path file, MessageDigest digest, Signature signature) throws IOException {
        long size = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long expected = ch.size();
            ByteBuffer buf = expected > DIRECT_ABOVE ? ByteBuffer.allocateDirect(DIRECT_BLOCK)
                    : ByteBuffer.allocate((int) Math.max(HEAP_MIN, expected + 1));
            for (int n; (n = ch.read(buf)) >= 0; ) {
                buf.flip();
                if (signature != null) {
                    signature.update(buf.duplicate());
                }
                digest.update(buf);
                buf.clear();
                size += n;
            }
        } catch (SignatureException e) {
            throw new IllegalStateException("the signature was not initialised for signing", e);
        }
        return size;
    }
}
