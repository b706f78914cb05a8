package io.jenkins.plugins.relgov.benchmarks;

import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.Sha256;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.file.Path;
import java.util.List;

/**
 * Verifying a bundle of N evidence files must cost little more than hashing them. Builds a release
 * with N random files (of SIZE bytes each) under DIR, seals it (stored and deflated zips: {@link BenchBundle}), then
 * prints, per run, the wall and CPU time of hashing the N files and of verifying each bundle, and the
 * ratios (see {@link #measure}).
 * Usage: BundleVerifyBench DIR KEY.pem PUB.pem [N] [SIZE]
 */
public final class BundleVerifyBench {
    private BundleVerifyBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SigningKey key = SigningKey.read(Path.of(args[1]), null);
        VerificationKey pub = VerificationKey.read(Path.of(args[2]));
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 64 * 1024;
        BenchBundle bundle = BenchBundle.make(dir, key, n, size);
        List<Path> paths = bundle.files;
        Path stored = bundle.stored;
        Path deflated = bundle.deflated;
        var options = new BundleVerifier.Options(pub, ShippedPolicies.loaded("inopsio"), null);

        Work hashFiles = () -> {
            for (Path p : paths) {
                Sha256.of(p);
            }
        };
        Work verifyStored = () -> check(BundleVerifier.verify(stored, options));
        Work verifyDeflated = () -> check(BundleVerifier.verify(deflated, options));
        // warm up all three in turn until the JIT has settled: the verifier's once-per-bundle code (the policy
        // loader ...) takes seconds to get hot, and switching between them must not deoptimise the timed runs
        long warm = System.nanoTime() + 8_000_000_000L;
        while (System.nanoTime() < warm) {
            hashFiles.run();
            verifyStored.run();
            verifyDeflated.run();
        }
        double[] hash = measure(hashFiles);
        double[] vs = measure(verifyStored);
        double[] vd = measure(verifyDeflated);
        System.out.printf(
                "files: %d x %d bytes (%.1f MiB); per run: best wall, mean CPU of our threads, mean CPU of the process%n",
                n, size, (double) n * size / (1 << 20));
        System.out.printf(
                "hash the %d files:       %6.1f ms wall %6.1f ms cpu %6.1f ms process%n", n, hash[0], hash[1], hash[2]);
        System.out.printf(
                "verify stored bundle:    %6.1f ms wall %6.1f ms cpu %6.1f ms process  (%.2fx hashing wall, %.2fx cpu, %.2fx process)%n",
                vs[0], vs[1], vs[2], vs[0] / hash[0], vs[1] / hash[1], vs[2] / hash[2]);
        System.out.printf(
                "verify deflated bundle:  %6.1f ms wall %6.1f ms cpu %6.1f ms process  (%.2fx hashing wall, %.2fx cpu, %.2fx process)%n",
                vd[0], vd[1], vd[2], vd[0] / hash[0], vd[1] / hash[1], vd[2] / hash[2]);
    }

    private static void check(VerificationReport r) {
        if (!r.valid()) {
            throw new IllegalStateException(r.render());
        }
    }

    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code w} for 3 seconds: {best wall, mean CPU of the JVM's Java threads (the verifier's workers
     * included, the JIT and GC not), mean CPU of the whole process} in milliseconds per run. CPU is the
     * fair figure on a shared machine, where wall time mostly measures the neighbours; the verifier hashes
     * on every core, so its wall time can be below the single-threaded hashing.
     */
    private static double[] measure(Work w) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long java0 = javaThreadsCpu();
        long process0 = os.getProcessCpuTime();
        long end = System.nanoTime() + 3_000_000_000L;
        long best = Long.MAX_VALUE;
        int runs = 0;
        while (runs < 5 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            w.run();
            best = Math.min(best, System.nanoTime() - t0);
            runs++;
        }
        return new double[] {
            best / 1e6, (javaThreadsCpu() - java0) / 1e6 / runs, (os.getProcessCpuTime() - process0) / 1e6 / runs
        };
    }

    private static long javaThreadsCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }
}
