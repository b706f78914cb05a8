package io.jenkins.plugins.relgov.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and streams, read in large blocks (the JDK uses the CPU's SHA instructions). */
public final class Sha256 {
    private static final int BLOCK = 1 << 20;

    private Sha256() {
    }

    /** The digest and byte count of what was read. */
    public record Digest(String hex, long size) {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Digest of(Path file) throws IOException {
        MessageDigest md = newDigest();
        long size = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK);
            for (int n; (n = ch.read(buf)) >= 0; ) {
                buf.flip();
                md.update(buf);
                buf.clear();
                size += n;
            }
        }
        return new Digest(HexFormat.of().formatHex(md.digest()), size);
    }

    public static Digest of(InputStream in) throws IOException {
        MessageDigest md = newDigest();
        long size = 0;
        byte[] buf = new byte[BLOCK / 4];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            size += n;
        }
        return new Digest(HexFormat.of().formatHex(md.digest()), size);
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }
}
