package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.signing.FileBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and streams, read in large blocks (the JDK uses the CPU's SHA instructions). */
public final class Sha256 {
    private static final int BLOCK = 1 << 20;
    /** Cloning is much cheaper than a provider lookup, which matters when hashing thousands of small entries. */
    private static final MessageDigest PROTOTYPE = lookUp();

    private Sha256() {}

    /** The digest and byte count of what was read. */
    public record Digest(String hex, long size) {}

    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the file once in large blocks ({@link FileBlocks}). */
    public static Digest of(Path file) throws IOException {
        MessageDigest md = newDigest();
        long size = FileBlocks.feed(file, md, null);
        return new Digest(HexFormat.of().formatHex(md.digest()), size);
    }

    public static Digest of(InputStream in) throws IOException {
        return of(in, BLOCK);
    }

    /** Hashes a stream whose length is about {@code expectedSize}, so small entries get small buffers. */
    public static Digest of(InputStream in, long expectedSize) throws IOException {
        return of(in, newBuffer(expectedSize));
    }

    /** Hashes a stream through {@code buffer}, which the caller may reuse for stream after stream. */
    public static Digest of(InputStream in, byte[] buffer) throws IOException {
        MessageDigest md = newDigest();
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            md.update(buffer, 0, n);
            size += n;
        }
        return new Digest(HexFormat.of().formatHex(md.digest()), size);
    }

    /** A buffer for streams of up to about {@code expectedSize} bytes. */
    public static byte[] newBuffer(long expectedSize) {
        return new byte[bufferFor(expectedSize)];
    }

    /** Large blocks amortise each read; small files should not pay for zeroing a megabyte. */
    private static int bufferFor(long size) {
        return (int) Math.max(8192, Math.min(BLOCK, size + 1));
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }
}
