package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.signing.FileBlocks;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The commands whose classes the distribution's class-data sharing archive (lib/relgov.jsa) holds, run in one JVM
 * when the distribution is built (cli/src/build/class-data-archive.sh, under -XX:DumpLoadedClassList). Not a user
 * command: the archive spares each later run the loading and verifying of what these commands load.
 * Usage: ClassDataTraining WORK_DIR
 */
public final class ClassDataTraining {
    private ClassDataTraining() {}

    public static void main(String[] args) throws Exception {
        // every installed security provider: the JDK finds SunEC through a ServiceLoader that makes each provider it
        // meets first, and in which order depends on the JVM (this one has no archive of ours yet)
        Security.getProviders();
        Path work = Files.createDirectories(Path.of(args[0]));
        Path demo = work.resolve("demo");
        run("demo", "--out", demo.toString(), "--force");
        String bundle = demo.resolve("payments-api-v2.0.0-evidence.zip").toString();
        String pub = demo.resolve("signing-key.pub.pem").toString();
        run("verify", bundle, "--key", pub);
        run("verify", bundle, "--key", pub, "--policy", "inopsio", "--json");
        run("verify", bundle);
        run(
                "report",
                "--oscal",
                bundle,
                "--key",
                pub,
                "-o",
                work.resolve("oscal.json").toString());

        // a file past 1 MiB takes the direct-buffer read that large artifacts take
        byte[] content = new byte[(1 << 20) + 4096];
        new SplittableRandom(1).nextBytes(content);
        Path artifact = Files.write(work.resolve("artifact.bin"), content);
        Path key = Files.writeString(work.resolve("key.pem"), ecPrivateKeyPem());
        run("sign", "--key", key.toString(), artifact.toString());
        run("sign", "--key", key.toString(), "--bundle", artifact.toString());
        // and one past FileBlocks.READ_AHEAD_ABOVE, read ahead on a second thread (its queue, its reader's lambda)
        Path large = Files.write(work.resolve("large.bin"), new byte[(int) FileBlocks.READ_AHEAD_ABOVE + 1]);
        run("sign", "--key", key.toString(), large.toString());
        run("policy", "show", "inopsio");
        run("--help");
        run("verify", "--help");
    }

    /** Runs one command line as main would, its output discarded; a failure fails the build. */
    private static void run(String... args) {
        var cli = Relgov.commandLine(args);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        boolean expected = exit == 0
                || args[0].equals("verify") && args.length == 2 && exit == VerifyCommand.SIGNER_NOT_ESTABLISHED;
        if (!expected) {
            throw new IllegalStateException("relgov " + String.join(" ", args) + " exited " + exit + ":\n" + out);
        }
    }

    /**
     * A fresh P-256 key as openssl genpkey writes it: PKCS#8 whose ECPrivateKey carries the public point ([1]), which
     * {@code relgov sign} requires and the JDK's own encoding leaves out.
     */
    private static String ecPrivateKeyPem() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = gen.generateKeyPair();
        byte[] d = unsigned(((ECPrivateKey) pair.getPrivate()).getS().toByteArray());
        var w = ((ECPublicKey) pair.getPublic()).getW();
        byte[] point = concat(
                new byte[] {0, 4},
                unsigned(w.getAffineX().toByteArray()),
                unsigned(w.getAffineY().toByteArray()));
        byte[] ecPrivateKey = der(0x30, der(0x02, new byte[] {1}), der(0x04, d), der(0xa1, der(0x03, point)));
        byte[] algorithm = der(
                0x30,
                der(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01}),
                der(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07}));
        byte[] pkcs8 = der(0x30, der(0x02, new byte[] {0}), algorithm, der(0x04, ecPrivateKey));
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
    }

    /** A P-256 coordinate or scalar as exactly 32 bytes. */
    private static byte[] unsigned(byte[] twosComplement) {
        byte[] out = new byte[32];
        int n = Math.min(32, twosComplement.length);
        System.arraycopy(twosComplement, twosComplement.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] der(int tag, byte[]... parts) {
        byte[] body = concat(parts);
        var out = new ByteArrayOutputStream();
        out.write(tag);
        if (body.length < 128) {
            out.write(body.length);
        } else {
            out.write(0x81 + (body.length > 255 ? 1 : 0));
            if (body.length > 255) {
                out.write(body.length >> 8);
            }
            out.write(body.length & 0xff);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
