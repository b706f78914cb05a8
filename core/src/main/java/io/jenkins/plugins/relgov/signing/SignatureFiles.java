package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Writes {@code FILE.sig} next to each of several files, all or nothing, never through a link.
 *
 * <p>Every input is checked and every file signed before anything is written. Each signature goes to a new
 * temporary file in the same folder (created exclusively, so a planted link cannot redirect it) and is then
 * renamed over {@code FILE.sig}: a rename replaces a symbolic link itself, never the file it points to, and
 * a reader sees the old signature or the new one, never half of one. Should a rename fail, the signatures
 * already replaced are put back as they were.
 */
public final class SignatureFiles {
    /** A signature file is about a hundred bytes; anything much larger in its place is something else. */
    private static final long MAX_EXISTING = 64 << 10;

    private static final Rename ATOMIC = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);

    private SignatureFiles() {}

    /** Where the signature of {@code file} goes. */
    public static Path of(Path file) {
        return file.resolveSibling(file.getFileName() + ".sig");
    }

    /**
     * Signs every file and writes its {@code .sig}; returns the signature files in the order given.
     *
     * @throws IllegalArgumentException naming the file, when an input is unusable; nothing was written
     * @throws IOException              when writing failed; nothing was changed
     */
    public static List<Path> signAll(SigningKey key, List<Path> files) throws IOException {
        return signAll(key, files, false);
    }

    /**
     * As {@link #signAll(SigningKey, List)}; with {@code bundles}, also writes {@code FILE.sigstore.json} beside each
     * {@code FILE.sig}: the same signature as a key-based Sigstore bundle v0.3 ({@link SigstoreBundle}), all or
     * nothing with the signatures. Returns every file written, each signature followed by its bundle.
     */
    public static List<Path> signAll(SigningKey key, List<Path> files, boolean bundles) throws IOException {
        return signAll(() -> key, files, bundles);
    }

    /**
     * As {@link #signAll(SigningKey, List, boolean)}, with a key still to be loaded (read, decrypted, its public half
     * derived): every file is being read and hashed, on every core, while {@code key} loads it, so a large file's
     * read hides the key's cost. ECDSA then signs each SHA-256 so computed; Ed25519, which signs the whole message,
     * reads each file again with the signature.
     */
    public static List<Path> signAll(Supplier<SigningKey> key, List<Path> files, boolean bundles) throws IOException {
        return signAll(key, files, bundles, ATOMIC);
    }

    /** A file signed: the signature file written beside it, and the signature with the digest and size it covers. */
    public record Signed(Path file, Path signatureFile, SigningKey.FileSignature signature) {}

    /**
     * As {@link #signAll(Supplier, List, boolean)} without bundles, returning what was signed rather than only where
     * it went: each file (absolute, normalized; a file named twice is signed once) with its signature, whose SHA-256
     * and size are those of the bytes signed, from the same single read.
     */
    public static List<Signed> signEach(Supplier<SigningKey> key, List<Path> files) throws IOException {
        return write(key, files, false, ATOMIC);
    }

    /** Where the Sigstore bundle of {@code file}'s signature goes. */
    public static Path bundleOf(Path file) {
        return file.resolveSibling(file.getFileName() + SigstoreBundle.SUFFIX);
    }

    /** The rename that puts a finished signature in place; tests stand in a failing one for the file system. */
    @FunctionalInterface
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    static List<Path> signAll(SigningKey key, List<Path> files, Rename rename) throws IOException {
        return signAll(() -> key, files, false, rename);
    }

    static List<Path> signAll(Supplier<SigningKey> key, List<Path> files, boolean bundles, Rename rename)
            throws IOException {
        List<Path> written = new ArrayList<>();
        for (Signed s : write(key, files, bundles, rename)) {
            written.add(s.signatureFile());
            if (bundles) {
                written.add(bundleOf(s.file()));
            }
        }
        return written;
    }

    private static List<Signed> write(Supplier<SigningKey> key, List<Path> files, boolean bundles, Rename rename)
            throws IOException {
        Map<Path, Path> targets = new LinkedHashMap<>(); // normalized file -> its .sig, each once
        for (Path f : files) {
            targets.putIfAbsent(f.toAbsolutePath().normalize(), of(f));
        }
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<Path, Path> t : targets.entrySet()) {
            pending.add(check(t.getKey(), t.getValue(), targets.keySet()));
            if (bundles) {
                pending.add(check(t.getKey(), bundleOf(t.getKey()), targets.keySet()));
            }
        }
        int step = bundles ? 2 : 1;
        List<Path> toSign = new ArrayList<>();
        for (int i = 0; i < pending.size(); i += step) {
            toSign.add(pending.get(i).file);
        }
        Signing signing = signing(key, toSign);
        String hint = signing.key().publicKey().fingerprint();
        List<Signed> out = new ArrayList<>();
        for (int i = 0; i < signing.files().size(); i++) {
            SigningKey.FileSignature s = signing.files().get(i);
            Pending sig = pending.get(i * step);
            sig.text = BlobSignature.encode(s.signature());
            out.add(new Signed(sig.file, sig.sig, s));
            if (bundles) {
                pending.get(i * step + 1).text =
                        SigstoreBundle.ofBlob(hint, s.sha256(), s.signature()).toJson();
            }
        }
        try {
            for (Pending p : pending) {
                p.temp = temporary(p.sig, p.text.getBytes(StandardCharsets.UTF_8));
            }
            commit(pending, rename);
        } finally {
            for (Pending p : pending) {
                if (p.temp != null) {
                    Files.deleteIfExists(p.temp);
                }
            }
        }
        return out;
    }

    /** The key as loaded, and each file's signature in the order given. */
    private record Signing(SigningKey key, List<SigningKey.FileSignature> files) {}

    /**
     * Reads every file on a pool of one thread per core (at most one per file) while the key loads and, for ECDSA, its
     * digest signer is set up; see above.
     */
    private static Signing signing(Supplier<SigningKey> key, List<Path> files) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors())), task -> {
                    Thread t = new Thread(task, "relgov-sign");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<SigningKey.FileSignature>> digests = new ArrayList<>();
            for (Path f : files) {
                digests.add(pool.submit(() -> {
                    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                    long size = FileBlocks.feed(f, sha256, null);
                    return new SigningKey.FileSignature(null, sha256.digest(), size);
                }));
            }
            SigningKey k = key.get();
            SigningKey.DigestSigner signer = k.algorithm() == KeyAlgorithm.ECDSA_P256 ? k.digestSigner() : null;
            List<Future<SigningKey.FileSignature>> signatures = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                if (signer != null) {
                    SigningKey.FileSignature d = await(digests.get(i), f);
                    signatures.add(CompletableFuture.completedFuture(
                            new SigningKey.FileSignature(signer.sign(d.sha256()), d.sha256(), d.size())));
                } else {
                    digests.get(i).cancel(true);
                    signatures.add(pool.submit(() -> k.sign(f)));
                }
            }
            List<SigningKey.FileSignature> out = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                out.add(await(signatures.get(i), files.get(i)));
            }
            return new Signing(k, out);
        } finally {
            pool.shutdownNow();
        }
    }

    private static SigningKey.FileSignature await(Future<SigningKey.FileSignature> work, Path file) throws IOException {
        try {
            return work.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(file + ": " + io.getMessage(), io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(file + ": interrupted while reading it", e);
        }
    }

    /** One signature (or its bundle) to write, with what its place held before (to put back if a later one fails). */
    private static final class Pending {
        final Path file;
        final Path sig;
        final Path linkTarget;
        final byte[] before;
        String text;
        Path temp;
        boolean committed;

        Pending(Path file, Path sig, Path linkTarget, byte[] before) {
            this.file = file;
            this.sig = sig;
            this.linkTarget = linkTarget;
            this.before = before;
        }
    }

    private static Pending check(Path file, Path sig, java.util.Set<Path> signed) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file + ": not a regular file" + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot read it");
        }
        if (signed.contains(sig.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    sig + " is both a file to sign and the signature of " + file + "; sign them in two runs");
        }
        Path folder = sig.toAbsolutePath().getParent();
        if (folder == null || !Files.isWritable(folder)) {
            throw new IllegalArgumentException(
                    sig + ": cannot write in " + (folder == null ? "a root folder" : folder));
        }
        if (Files.isSymbolicLink(sig)) {
            return new Pending(file, sig, Files.readSymbolicLink(sig), null);
        }
        if (!Files.exists(sig, LinkOption.NOFOLLOW_LINKS)) {
            return new Pending(file, sig, null, null);
        }
        if (!Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(sig + " exists and is not a file (a directory?); move it away");
        }
        if (Files.size(sig) > MAX_EXISTING) {
            throw new IllegalArgumentException(
                    sig + " exists and is " + Files.size(sig) + " bytes, too large to be a signature; move it away");
        }
        return new Pending(file, sig, null, Files.readAllBytes(sig));
    }

    /** A new file beside {@code sig} holding {@code content}; created exclusively, so it follows no link. */
    private static Path temporary(Path sig, byte[] content) throws IOException {
        while (true) {
            Path temp = temporaryName(sig);
            try (OutputStream out =
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
                return temp;
            } catch (FileAlreadyExistsException taken) {
                // another name, then
            }
        }
    }

    /**
     * Made when a name is first needed, not with this class: making it looks at every security provider, which signing a
     * large file should not wait for before it starts reading.
     */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private static Path temporaryName(Path sig) {
        byte[] nonce = new byte[6];
        Nonces.RANDOM.nextBytes(nonce);
        return sig.resolveSibling("." + sig.getFileName() + "." + HexFormat.of().formatHex(nonce) + ".tmp");
    }

    private static void commit(List<Pending> pending, Rename rename) throws IOException {
        try {
            for (Pending p : pending) {
                rename.move(p.temp, p.sig);
                p.temp = null;
                p.committed = true;
            }
        } catch (IOException e) {
            for (Pending p : pending) {
                if (p.committed) {
                    restore(p);
                }
            }
            throw new IOException(
                    "cannot write "
                            + pending.stream()
                                    .filter(p -> p.temp != null)
                                    .findFirst()
                                    .map(p -> p.sig.toString())
                                    .orElse("the signatures")
                            + " (" + e.getMessage()
                            + "); no signature was changed",
                    e);
        }
    }

    /** Puts back what {@code p.sig} was: nothing, the same link, or the same bytes. */
    private static void restore(Pending p) throws IOException {
        if (p.linkTarget == null && p.before == null) {
            Files.delete(p.sig);
            return;
        }
        Path temp;
        if (p.linkTarget != null) {
            temp = temporaryName(p.sig);
            Files.createSymbolicLink(temp, p.linkTarget);
        } else {
            temp = temporary(p.sig, p.before);
        }
        Files.move(temp, p.sig, StandardCopyOption.ATOMIC_MOVE);
    }
}
