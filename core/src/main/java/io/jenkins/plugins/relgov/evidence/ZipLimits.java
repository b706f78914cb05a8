package io.jenkins.plugins.relgov.evidence;

/**
 * What a bundle may hold before we refuse to read it (zip bombs, resource exhaustion).
 *
 * @param maxEntries       number of entries
 * @param maxEntryBytes    uncompressed size of one entry
 * @param maxTotalBytes    uncompressed size of all entries
 * @param maxInMemoryBytes size of a metadata entry read into memory (manifest, ledger, signatures ...)
 * @param maxRatio         uncompressed / compressed size of an entry above 1 MiB
 */
public record ZipLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, long maxInMemoryBytes, int maxRatio) {
    /** Generous for real releases (bundles are plain zip, no ZIP64, so below 4 GiB anyway). */
    public static final ZipLimits DEFAULT = new ZipLimits(20_000, 0xFFFF_FFFEL, 16L << 30, 64L << 20, 200);
}
