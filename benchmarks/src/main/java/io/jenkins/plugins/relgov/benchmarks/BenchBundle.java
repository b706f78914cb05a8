package io.jenkins.plugins.relgov.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.SealedBundle;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sealed release of N random evidence files of SIZE bytes each, as the benchmarks verify it: the files under
 * DIR/files (what sha256sum and openssl hash), DIR/stored.zip and DIR/deflated.zip (the same bundle, stored and
 * deflated), sealed with KEY.pem under the shipped policy inopsio, with the approvals it needs.
 * Usage: BenchBundle DIR KEY.pem [N] [SIZE]
 */
public final class BenchBundle {
    final List<Path> files;
    final Path stored;
    final Path deflated;

    private BenchBundle(List<Path> files, Path stored, Path deflated) {
        this.files = files;
        this.stored = stored;
        this.deflated = deflated;
    }

    public static void main(String[] args) throws IOException {
        make(
                Path.of(args[0]),
                SigningKey.read(Path.of(args[1]), null),
                args.length > 2 ? Integer.parseInt(args[2]) : 1000,
                args.length > 3 ? Integer.parseInt(args[3]) : 64 * 1024);
    }

    static BenchBundle make(Path dir, SigningKey key, int n, int size) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("files"));
        Random random = new Random(42);
        byte[] buf = new byte[size];
        List<Path> paths = new ArrayList<>();
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("bench", "v1.0.0", "minor"),
                ShippedPolicies.loaded("inopsio"),
                "bench",
                Clock.systemUTC());
        for (int i = 0; i < n; i++) {
            random.nextBytes(buf);
            Path f = folder.resolve(String.format("report-%04d.xml", i));
            Files.write(f, buf);
            paths.add(f);
            ev.recordFile(f, "reports/" + f.getFileName(), "test-summary", "bench");
        }
        ev.recordApproval("qa-lead", "alice", true, null);
        ev.recordApproval("product-manager", "bob", true, null);
        ev.recordRecord("security-scan", JsonNodeFactory.instance.objectNode().put("critical", 0), "bench");
        SealedBundle sealed = ev.seal(key, "bench");
        var bundle = new BenchBundle(paths, dir.resolve("stored.zip"), dir.resolve("deflated.zip"));
        sealed.writeZip(bundle.stored, false);
        sealed.writeZip(bundle.deflated, true);
        return bundle;
    }
}
