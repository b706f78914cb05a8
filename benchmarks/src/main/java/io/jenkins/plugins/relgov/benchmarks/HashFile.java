package io.jenkins.plugins.relgov.benchmarks;

import io.jenkins.plugins.relgov.evidence.Sha256;
import java.nio.file.Path;

/**
 * Hashes a file with the evidence code's SHA-256 and prints "sha256 wall-seconds cpu-seconds"
 * (inside the JVM, best of N runs; CPU is this thread's user+system time), so hash-bench.sh can
 * compare our throughput with openssl and sha256sum.
 */
public final class HashFile {
    private HashFile() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        String hex = null;
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            hex = Sha256.of(file).hex();
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - c0);
        }
        System.out.printf("%s %.3f %.3f%n", hex, best / 1e9, bestCpu / 1e9);
    }
}
