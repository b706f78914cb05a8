package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the real openssl (or a shell) in a folder; tests use it as the independent implementation. */
public final class OpenSsl {
    private OpenSsl() {}

    public record Result(int exit, String out) {}

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** Runs and insists on success. */
    public static String ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exit() + "): " + r.out());
        }
        return r.out();
    }

    public static String sh(Path dir, String script) throws IOException, InterruptedException {
        return ok(dir, "sh", "-c", script);
    }

    /** Writes an openssl-generated key pair: key.pem (optionally encrypted with "secret") and pub.pem. */
    public static void keyPair(Path dir, String algorithm, boolean encrypted) throws IOException, InterruptedException {
        String gen = algorithm.equals("ec")
                ? "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"
                : "openssl genpkey -algorithm ed25519";
        sh(
                dir,
                gen + (encrypted ? " -aes-256-cbc -pass pass:secret" : "") + " -out key.pem"
                        + " && openssl pkey -in key.pem" + (encrypted ? " -passin pass:secret" : "")
                        + " -pubout -out pub.pem");
    }
}
