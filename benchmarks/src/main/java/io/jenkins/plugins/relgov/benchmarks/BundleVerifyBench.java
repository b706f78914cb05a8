package io.jenkins.plugins.relgov.benchmarks;

import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.SealedBundle;
import io.jenkins.plugins.relgov.evidence.Sha256;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Verifying a bundle of N evidence files must cost little more than hashing them. Builds a release
 * with N random files (of SIZE bytes each) under DIR, seals it (stored and deflated zips), then
 * prints the best-of-5 wall time (and mean CPU time) of: hashing the N files, verifying each bundle, and the ratios. Wall time
 * is what a user waits (the verifier hashes entries on every core); process CPU time is the work done,
 * the fair comparison on a shared machine.
 * Usage: BundleVerifyBench DIR KEY.pem PUB.pem [N] [SIZE]
 */
public final class BundleVerifyBench {
    private BundleVerifyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SigningKey key = SigningKey.read(Path.of(args[1]), null);
        VerificationKey pub = VerificationKey.read(Path.of(args[2]));
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 64 * 1024;
        Path files = Files.createDirectories(dir.resolve("files"));
        Random random = new Random(42);
        byte[] buf = new byte[size];
        List<Path> paths = new ArrayList<>();
        var ev = ReleaseEvidence.start(new ReleaseEvidence.Release("bench", "v1.0.0", "minor"),
                ShippedPolicies.loaded("inopsio"), "bench", Clock.systemUTC());
        for (int i = 0; i < n; i++) {
            random.nextBytes(buf);
            Path f = files.resolve(String.format("report-%04d.xml", i));
            Files.write(f, buf);
            paths.add(f);
            ev.recordFile(f, "reports/" + f.getFileName(), "test-summary", "bench");
        }
        ev.recordApproval("qa-lead", "alice", true, null);
        ev.recordApproval("product-manager", "bob", true, null);
        ev.recordRecord("security-scan", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("critical", 0), "bench");
        SealedBundle sealed = ev.seal(key, "bench");
        Path stored = dir.resolve("stored.zip");
        Path deflated = dir.resolve("deflated.zip");
        sealed.writeZip(stored, false);
        sealed.writeZip(deflated, true);
        var options = new BundleVerifier.Options(pub, ShippedPolicies.loaded("inopsio"), null);

        double[] hash = best(() -> {
            for (Path p : paths) {
                Sha256.of(p);
            }
        });
        double[] verifyStored = best(() -> check(BundleVerifier.verify(stored, options)));
        double[] verifyDeflated = best(() -> check(BundleVerifier.verify(deflated, options)));
        System.out.printf("files: %d x %d bytes (%.1f MiB)%n", n, size, (double) n * size / (1 << 20));
        System.out.printf("hash the %d files:        %.3f s wall, %.3f s cpu%n", n, hash[0], hash[1]);
        System.out.printf("verify stored bundle:     %.3f s wall, %.3f s cpu  (%.2fx hashing wall, %.2fx cpu)%n",
                verifyStored[0], verifyStored[1], verifyStored[0] / hash[0], verifyStored[1] / hash[1]);
        System.out.printf("verify deflated bundle:   %.3f s wall, %.3f s cpu  (%.2fx hashing wall, %.2fx cpu)%n",
                verifyDeflated[0], verifyDeflated[1], verifyDeflated[0] / hash[0], verifyDeflated[1] / hash[1]);
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
     * {best-of-5 wall, mean process cpu of those 5} seconds, after 4 seconds of warm-up runs. The OS counts process
     * CPU in 10 ms ticks, so the mean over the runs is the finer figure.
     */
    private static double[] best(Work w) throws Exception {
        // let the JIT finish compiling the verifier, policy loader included (it runs once per bundle, so it
        // takes seconds to get hot; until then its compiler threads pollute the CPU figure). A one-shot CLI
        // run is measured by hash-bench.sh.
        long warm = System.nanoTime() + 4_000_000_000L;
        for (int i = 0; i < 5 || System.nanoTime() < warm; i++) {
            w.run();
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long best = Long.MAX_VALUE;
        long c0 = os.getProcessCpuTime();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            w.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return new double[] {best / 1e9, (os.getProcessCpuTime() - c0) / 5 / 1e9};
    }
}
