package io.jenkins.plugins.relgov.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A strict reading of a zip's structure (PKWARE APPNOTE 4.3): the central directory, and for each
 * entry its local header, which must agree with it. Every byte of the file must belong to a local
 * header, entry data, data descriptor, the central directory or its end record: no prepended,
 * hidden, overlapping or trailing data, and no zip comment, entry comment or extra field (bytes the
 * seal does not cover). So what this reader checks is what any unzip extracts, whether it reads the
 * central directory (unzip, ZipFile) or the local headers (streaming readers); and what it extracts
 * is plain files and folders, never a symbolic link, device or setuid file.
 */
final class ZipDirectory {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int DD_SIG = 0x08074b50;
    private static final long MAX_DIRECTORY_BYTES = 64L << 20;

    /** One entry as the central directory declares it, with where its data lies. */
    record Entry(
            String name,
            int method,
            int flags,
            long crc,
            long compressedSize,
            long size,
            long localOffset,
            long dataOffset,
            long end) {
        boolean isFolder() {
            return name.endsWith("/");
        }
    }

    private final FileChannel channel;
    private final String source;
    final List<Entry> entries;

    private ZipDirectory(FileChannel channel, String source, List<Entry> entries) {
        this.channel = channel;
        this.source = source;
        this.entries = entries;
    }

    static ZipDirectory read(FileChannel ch, String source, ZipLimits limits) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 22) {
            throw fail(source, "not a zip (too short; truncated?)");
        }
        // the end record is the last 22 bytes plus a comment of at most 65535 bytes
        int tailLen = (int) Math.min(fileSize, 22 + 0xFFFF);
        ByteBuffer tail = read(ch, fileSize - tailLen, tailLen);
        int eocd = -1;
        for (int i = tailLen - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG && (tail.getShort(i + 20) & 0xFFFF) == tailLen - 22 - i) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw fail(source, "not a readable zip: end of central directory not found (truncated or corrupt)");
        }
        long eocdPos = fileSize - tailLen + eocd;
        int disk = tail.getShort(eocd + 4) & 0xFFFF;
        int cdDisk = tail.getShort(eocd + 6) & 0xFFFF;
        int countDisk = tail.getShort(eocd + 8) & 0xFFFF;
        int count = tail.getShort(eocd + 10) & 0xFFFF;
        long cdSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
        int commentLen = tailLen - 22 - eocd;
        if (commentLen > 0) {
            throw fail(source, "a zip comment of " + commentLen + " bytes: data the seal does not cover");
        }
        if (count == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL) {
            throw fail(source, "ZIP64 archives are not supported");
        }
        if (disk != 0 || cdDisk != 0) {
            throw fail(
                    source,
                    "multi-disk archives are not supported (the end record names disk " + Math.max(disk, cdDisk) + ")");
        }
        if (countDisk != count) {
            throw fail(
                    source,
                    "the end record is corrupt: it counts " + countDisk + " entries on this disk but " + count
                            + " in all");
        }
        if (count > limits.maxEntries()) {
            throw fail(source, count + " entries, more than the limit of " + limits.maxEntries());
        }
        if (cdSize > MAX_DIRECTORY_BYTES) {
            throw fail(source, "central directory of " + cdSize + " bytes is larger than " + MAX_DIRECTORY_BYTES);
        }
        if (cdOffset + cdSize != eocdPos) {
            throw fail(
                    source,
                    "central directory (offset " + cdOffset + ", size " + cdSize
                            + ") does not end where the end record starts (" + eocdPos + "): truncated or corrupt");
        }
        ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
        List<Entry> entries = new ArrayList<>(count);
        Set<String> names = new HashSet<>();
        long total = 0;
        int p = 0;
        for (int i = 0; i < count; i++) {
            if (p == cdSize) {
                throw fail(source, "the end record counts " + count + " entries but the central directory holds " + i);
            }
            if (p + 46 > cdSize || cd.getInt(p) != CEN_SIG) {
                throw fail(source, "central directory record " + (i + 1) + " is malformed");
            }
            int flags = cd.getShort(p + 8) & 0xFFFF;
            int method = cd.getShort(p + 10) & 0xFFFF;
            long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
            long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
            long size = cd.getInt(p + 24) & 0xFFFFFFFFL;
            int nLen = cd.getShort(p + 28) & 0xFFFF;
            int eLen = cd.getShort(p + 30) & 0xFFFF;
            int cLen = cd.getShort(p + 32) & 0xFFFF;
            int diskStart = cd.getShort(p + 34) & 0xFFFF;
            int mode = cd.getInt(p + 38) >>> 16; // Unix mode in the external attributes' high half
            long locOff = cd.getInt(p + 42) & 0xFFFFFFFFL;
            if (p + 46L + nLen + eLen + cLen > cdSize) {
                throw fail(source, "central directory record " + (i + 1) + " runs past the directory");
            }
            byte[] nameBytes = new byte[nLen];
            cd.get(p + 46, nameBytes);
            String name = utf8(nameBytes, source);
            // folder entries (as "zip -r" writes them) hold nothing; their names must be just as safe
            boolean folder = name.endsWith("/") && name.length() > 1;
            String unsafe = EntryNames.problem(folder ? name.substring(0, name.length() - 1) : name);
            if (folder && size != 0) {
                throw fail(source, where(name) + ": a folder entry with " + size + " bytes of content");
            }
            if (unsafe != null) {
                throw fail(source, where(name) + ": unsafe name: " + unsafe);
            }
            String hidden = outsideTheSeal(eLen, cLen, diskStart, mode, folder);
            if (hidden != null) {
                throw fail(source, where(name) + ": " + hidden);
            }
            if (!names.add(name)) {
                throw fail(source, where(name) + ": duplicate entry");
            }
            if ((flags & 1) != 0) {
                throw fail(source, where(name) + ": encrypted entries are not supported");
            }
            if (method != 0 && method != 8) {
                throw fail(
                        source,
                        where(name) + ": compression method " + method + " is not supported (stored or deflated only)");
            }
            if (method == 0 && csize != size) {
                throw fail(source, where(name) + ": stored entry with compressed size " + csize + " but size " + size);
            }
            if (size > limits.maxEntryBytes()) {
                throw fail(
                        source,
                        where(name) + ": " + size + " bytes uncompressed, more than the limit of "
                                + limits.maxEntryBytes());
            }
            total += size;
            if (total > limits.maxTotalBytes()) {
                throw fail(source, "more than " + limits.maxTotalBytes() + " bytes uncompressed in total (zip bomb?)");
            }
            if (size > (1 << 20) && size > csize * limits.maxRatio()) {
                throw fail(
                        source,
                        where(name) + ": compression ratio " + (size / Math.max(1, csize)) + ":1 exceeds "
                                + limits.maxRatio() + ":1 (zip bomb?)");
            }
            entries.add(local(ch, fileSize, source, name, nameBytes, flags, method, crc, csize, size, locOff));
            p += 46 + nLen + eLen + cLen;
        }
        if (p != cdSize) {
            throw fail(
                    source,
                    "the end record counts " + count + " entries but the central directory holds " + (cdSize - p)
                            + " bytes more");
        }
        checkLayout(entries, cdOffset, source);
        return new ZipDirectory(ch, source, List.copyOf(entries));
    }

    private static final int TYPE_BITS = 0170000;
    private static final int REGULAR_FILE = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final int SETUID_SETGID = 06000;

    /**
     * Why a central directory record carries something the seal does not cover or an unzip tool would
     * act on beyond writing plain files, or null. The seal covers names and contents; extra fields and
     * comments are free bytes beside them (and an extra field can rename an entry for some readers:
     * Info-ZIP's Unicode path field). A symbolic link, device or setuid file made by extracting a
     * bundle is what zip-slip is made of, so the Unix type must be absent or plain.
     */
    private static String outsideTheSeal(int extraLen, int commentLen, int diskStart, int mode, boolean folder) {
        if (extraLen > 0) {
            return "an extra field of " + extraLen + " bytes: data the seal does not cover";
        }
        if (commentLen > 0) {
            return "an entry comment of " + commentLen + " bytes: data the seal does not cover";
        }
        if (diskStart != 0) {
            return "starts on disk " + diskStart + ": multi-disk archives are not supported";
        }
        int type = mode & TYPE_BITS;
        if (type == SYMLINK) {
            return "a symbolic link (unsafe: extracting it could write outside the folder)";
        }
        if (type != 0 && type != (folder ? DIRECTORY : REGULAR_FILE)) {
            return "file type " + String.format("0%o", type) + " in its attributes: not a plain "
                    + (folder ? "folder" : "file") + " (unsafe)";
        }
        if ((mode & SETUID_SETGID) != 0) {
            return "setuid/setgid bits in its attributes (unsafe)";
        }
        return null;
    }

    /**
     * Reads the local header at {@code locOff}, which must repeat what the central directory says. {@code fileSize} is
     * the channel's size, asked once by the caller: each ask is a system call, and a bundle has thousands of entries.
     */
    private static Entry local(
            FileChannel ch,
            long fileSize,
            String source,
            String name,
            byte[] nameBytes,
            int flags,
            int method,
            long crc,
            long csize,
            long size,
            long locOff)
            throws IOException {
        if (locOff + 30 > fileSize) {
            throw fail(source, where(name) + ": local header offset " + locOff + " is beyond the file");
        }
        // the header and, when it is as long as the central directory's, the name: one read per entry
        ByteBuffer loc = read(ch, locOff, (int) Math.min(30L + nameBytes.length, fileSize - locOff));
        if (loc.getInt(0) != LOC_SIG) {
            throw fail(source, where(name) + ": no local header at offset " + locOff);
        }
        int lFlags = loc.getShort(6) & 0xFFFF;
        int lMethod = loc.getShort(8) & 0xFFFF;
        long lCrc = loc.getInt(14) & 0xFFFFFFFFL;
        long lCsize = loc.getInt(18) & 0xFFFFFFFFL;
        long lSize = loc.getInt(22) & 0xFFFFFFFFL;
        int nLen = loc.getShort(26) & 0xFFFF;
        int eLen = loc.getShort(28) & 0xFFFF;
        if (lFlags != flags || lMethod != method) {
            throw fail(source, where(name) + ": local header flags/method differ from the central directory");
        }
        boolean descriptor = (flags & 8) != 0;
        boolean sizesAgree = lCrc == crc && lCsize == csize && lSize == size;
        if (!sizesAgree && !(descriptor && lCrc == 0 && lCsize == 0 && lSize == 0)) {
            throw fail(source, where(name) + ": local header CRC/sizes differ from the central directory");
        }
        if (locOff + 30 + nLen + eLen > fileSize) {
            throw fail(source, where(name) + ": local header runs past the end of the file");
        }
        if (eLen > 0) {
            throw fail(
                    source,
                    where(name) + ": an extra field of " + eLen
                            + " bytes in its local header: data the seal does not cover");
        }
        byte[] lName = new byte[nLen];
        (nLen == nameBytes.length ? loc.position(30) : read(ch, locOff + 30, nLen)).get(lName);
        if (!Arrays.equals(lName, nameBytes)) {
            throw fail(
                    source,
                    where(name) + ": local header names '"
                            + EntryNames.printable(new String(lName, StandardCharsets.UTF_8)) + "' instead");
        }
        long data = locOff + 30 + nLen + eLen;
        long end = data + csize;
        if (descriptor) {
            if (end + 16 > fileSize) {
                throw fail(source, where(name) + ": data descriptor missing (truncated)");
            }
            ByteBuffer dd = read(ch, end, 16);
            int off = dd.getInt(0) == DD_SIG ? 4 : 0;
            if ((dd.getInt(off) & 0xFFFFFFFFL) != crc
                    || (dd.getInt(off + 4) & 0xFFFFFFFFL) != csize
                    || (dd.getInt(off + 8) & 0xFFFFFFFFL) != size) {
                throw fail(source, where(name) + ": data descriptor differs from the central directory");
            }
            end += off + 12;
        }
        return new Entry(name, method, flags, crc, csize, size, locOff, data, end);
    }

    /** How messages name an entry; built only when there is something to say. */
    private static String where(String name) {
        return "entry '" + EntryNames.printable(name) + "'";
    }

    /** Entries must tile the file from offset 0 up to the central directory, in order, without gaps. */
    private static void checkLayout(List<Entry> entries, long cdOffset, String source) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(java.util.Comparator.comparingLong(Entry::localOffset));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.localOffset() != expected) {
                throw fail(
                        source,
                        "entry '" + EntryNames.printable(e.name()) + "' starts at offset " + e.localOffset()
                                + " but the previous data ends at " + expected + " (overlapping or hidden data)");
            }
            expected = e.end();
        }
        if (expected != cdOffset) {
            throw fail(source, (cdOffset - expected) + " bytes of unlisted data before the central directory");
        }
    }

    /** The entry's uncompressed bytes, refusing to produce more than the declared size (bomb guard). */
    InputStream open(Entry e) {
        InputStream raw = Channels.newInputStream(new BoundedChannel(channel, e.dataOffset(), e.compressedSize()));
        InputStream data = e.method() == 0
                ? raw
                : new InflaterInputStream(
                        raw, new Inflater(true), (int) Math.max(512, Math.min(1 << 16, e.compressedSize()))) {
                    @Override
                    public void close() throws IOException {
                        super.close();
                        inf.end();
                    }
                };
        return new CappedStream(data, e, source);
    }

    private static String utf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw fail(source, "an entry name is not valid UTF-8");
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new BundleFormatException("unexpected end of file at offset " + (pos + b.position()));
            }
        }
        return b.flip();
    }

    static BundleFormatException fail(String source, String message) {
        return new BundleFormatException(source + ": " + message);
    }

    /** Positional reads of one region of the file. */
    private static final class BoundedChannel implements java.nio.channels.ReadableByteChannel {
        private final FileChannel ch;
        private long pos;
        private final long end;

        BoundedChannel(FileChannel ch, long start, long length) {
            this.ch = ch;
            this.pos = start;
            this.end = start + length;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int want = (int) Math.min(dst.remaining(), end - pos);
            ByteBuffer slice = dst.slice().limit(want);
            int n = ch.read(slice, pos);
            if (n < 0) {
                return -1;
            }
            dst.position(dst.position() + n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the channel belongs to the bundle
        }
    }

    /** Yields exactly the declared size; more data, less data or a wrong CRC is an error. */
    private static final class CappedStream extends java.io.FilterInputStream {
        private final Entry e;
        private final String source;
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        private long count;

        CappedStream(InputStream in, Entry e, String source) {
            super(in);
            this.e = e;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (java.util.zip.ZipException | java.io.EOFException ex) {
                throw fail(source, "entry '" + e.name() + "': corrupt compressed data (" + ex.getMessage() + ")");
            }
            if (n < 0) {
                if (count != e.size()) {
                    throw fail(source, "entry '" + e.name() + "': " + count + " bytes, declared " + e.size());
                }
                if (crc.getValue() != e.crc()) {
                    throw fail(source, "entry '" + e.name() + "': CRC-32 does not match the central directory");
                }
                return -1;
            }
            count += n;
            if (count > e.size()) {
                throw fail(
                        source,
                        "entry '" + e.name() + "': more data than the declared " + e.size() + " bytes (zip bomb?)");
            }
            crc.update(b, off, n);
            return n;
        }
    }
}
