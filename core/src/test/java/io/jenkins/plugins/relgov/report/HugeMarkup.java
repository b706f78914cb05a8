package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hostile report made on the fly, never written to disk: {@code head}, then {@code size} filler bytes, then
 * {@code tail}. It counts what the parser took, so a test can tell "refused early" from "read it all".
 * Its {@code main} parses one under whatever heap the forked JVM was given and prints the outcome.
 */
final class HugeMarkup extends InputStream {
    private final byte[] head;
    private final byte[] tail;
    private final long size;
    private final byte filler;
    private long position;

    HugeMarkup(String head, long size, char filler, String tail) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
        this.size = size;
        this.filler = (byte) filler;
    }

    /** A JUnit report whose one testcase name (line 3) is {@code size} bytes long. */
    static HugeMarkup attribute(long size) {
        return new HugeMarkup(
                "<?xml version=\"1.0\"?>\n<testsuite name=\"s\">\n<testcase name=\"",
                size,
                'a',
                "\"/>\n</testsuite>\n");
    }

    long consumed() {
        return position;
    }

    private long total() {
        return head.length + size + tail.length;
    }

    @Override
    public int read() {
        if (position >= total()) {
            return -1;
        }
        long p = position++;
        if (p < head.length) {
            return head[(int) p] & 0xff;
        }
        p -= head.length;
        return p < size ? filler & 0xff : tail[(int) (p - size)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= total()) {
            return -1;
        }
        int n = 0;
        while (n < len && position < total()) {
            if (position >= head.length && position < head.length + size) {
                int run = (int) Math.min(len - n, head.length + size - position);
                java.util.Arrays.fill(b, off + n, off + n + run, filler);
                position += run;
                n += run;
            } else {
                b[off + n++] = (byte) read();
            }
        }
        return n;
    }

    /** Parses a 200 MB attribute and prints the refusal; an OutOfMemoryError would end this JVM with a stack trace. */
    public static void main(String[] args) {
        try {
            JUnitParser.parse(attribute(200L << 20), "huge.xml");
            System.out.println("ACCEPTED");
        } catch (ReportException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
