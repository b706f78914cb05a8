package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * sigstore-js (@sigstore/verify), the independent verifier of our Sigstore bundles: {@code build-tools/sigstore-verify}
 * after {@code npm ci} there (.ci/run does it). Where node or the package is missing the calling test is skipped,
 * saying so once; on CI ({@code CI=true}) it fails instead, so a broken install never passes unnoticed.
 */
public final class SigstoreJs {
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private SigstoreJs() {}

    public record Result(int exit, String out) {
        public boolean verified() {
            return exit == 0 && out.strip().equals("verified");
        }
    }

    /** The tool's folder; skips (or, on CI, fails) the calling test when it cannot run. */
    public static Path tool() {
        String property = System.getProperty("relgov.sigstoreVerify");
        Path dir = property == null ? null : Path.of(property).toAbsolutePath().normalize();
        String missing = null;
        if (dir == null || !Files.isRegularFile(dir.resolve("verify.js"))) {
            missing = "the sigstore-js verifier (build-tools/sigstore-verify) was not found";
        } else if (!Files.isDirectory(dir.resolve("node_modules/@sigstore/verify"))) {
            missing = "@sigstore/verify is not installed (npm ci --prefix build-tools/sigstore-verify)";
        } else if (!onPath("node")) {
            missing = "node is not installed";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(missing + ": .ci/run installs it, so CI must have it");
            }
            if (TOLD.compareAndSet(false, true)) {
                System.out.println("[relgov] " + missing
                        + ": the tests that verify Sigstore bundles with sigstore-js are skipped");
            }
            Assumptions.assumeTrue(false, missing);
        }
        return dir;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null
                && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                        .anyMatch(p -> Files.isExecutable(Path.of(p, command)));
    }

    /**
     * Verifies {@code bundle} with the public key {@code pub}; {@code artifact} for a blob bundle (else null);
     * {@code tsaChain} (the TSA's certificate, then its CA) to require a timestamp from that authority.
     */
    public static Result verify(Path bundle, Path pub, Path artifact, Path... tsaChain)
            throws IOException, InterruptedException {
        Path tool = tool();
        List<String> cmd = new ArrayList<>(
                List.of("node", tool.resolve("verify.js").toString(), bundle.toString(), pub.toString()));
        if (artifact != null) {
            cmd.addAll(List.of("--artifact", artifact.toString()));
        }
        if (tsaChain.length > 0) {
            cmd.add("--tsa");
            for (Path p : tsaChain) {
                cmd.add(p.toString());
            }
        }
        OpenSsl.Result r = OpenSsl.run(bundle.toAbsolutePath().getParent(), cmd.toArray(String[]::new));
        return new Result(r.exit(), r.out());
    }
}
