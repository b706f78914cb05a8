package io.jenkins.plugins.relgov.plugin;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.evidence.Sha256;
import io.jenkins.plugins.relgov.report.ReportFinder;
import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.SignatureFiles;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;

/**
 * Work done where the workspace is (FilePath.act), so large files are hashed and signed on the agent
 * and only their names, digests and signatures travel back. Files are found with core's
 * {@link ReportFinder}: patterns cannot be absolute, contain {@code ..}, or follow symlinks out.
 */
final class AgentFiles {

    private AgentFiles() {}

    /** A workspace file (path relative to the workspace, forward slashes) with its SHA-256 and size. */
    record Hashed(String path, String sha256, long size) implements Serializable {}

    /** A file signed in the cosign blob format; {@code signature} is the {@code .sig} text written beside it. */
    record Signed(String path, String sha256, long size, String signature) implements Serializable {}

    static List<Path> find(File workspace, List<String> patterns) throws IOException {
        Files.createDirectories(workspace.toPath()); // a fresh workspace may not exist yet
        ReportFinder finder = new ReportFinder(workspace.toPath());
        Set<Path> files = new LinkedHashSet<>();
        for (String p : patterns) {
            List<Path> found = finder.find(p);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no file in the workspace matches '" + p + "'");
            }
            files.addAll(found);
        }
        return new ArrayList<>(files);
    }

    /** Finds files by pattern and hashes them; a pattern matching nothing is an error naming it. */
    static final class Hash extends MasterToSlaveFileCallable<ArrayList<Hashed>> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> patterns;

        Hash(List<String> patterns) {
            this.patterns = new ArrayList<>(patterns);
        }

        @Override
        public ArrayList<Hashed> invoke(File workspace, VirtualChannel channel) throws IOException {
            ReportFinder finder = new ReportFinder(workspace.toPath());
            ArrayList<Hashed> out = new ArrayList<>();
            for (Path f : find(workspace, patterns)) {
                Sha256.Digest d = Sha256.of(f);
                out.add(new Hashed(finder.display(f), d.hex(), d.size()));
            }
            return out;
        }
    }

    /**
     * Signs every file matching the patterns with the PEM key and writes {@code FILE.sig} beside it, with core's
     * {@link SignatureFiles}: each file is read once (its digest and signature from the same read), the signatures
     * are written all or none, and a {@code .sig} planted as a symlink is replaced, never written through (it could
     * point out of the workspace). The key text arrives with the callable (as {@code withCredentials} sends secrets
     * to agents) and is cleared after use; it is never written to disk or logged.
     */
    static final class Sign extends MasterToSlaveFileCallable<ArrayList<Signed>> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> patterns;
        private final char[] pem;
        private final char[] password;
        private final String keySource;

        Sign(List<String> patterns, char[] pem, char[] password, String keySource) {
            this.patterns = new ArrayList<>(patterns);
            this.pem = pem;
            this.password = password;
            this.keySource = keySource;
        }

        @Override
        public ArrayList<Signed> invoke(File workspace, VirtualChannel channel) throws IOException {
            try {
                ReportFinder finder = new ReportFinder(workspace.toPath());
                List<Path> files = new ArrayList<>();
                for (Path f : find(workspace, patterns)) {
                    // never sign our own signatures when a pattern is broad
                    if (!FileNames.of(f).endsWith(".sig")) {
                        files.add(f);
                    }
                }
                // the key loads while the files are read
                List<SignatureFiles.Signed> signed =
                        SignatureFiles.signEach(() -> SigningKey.parse(new String(pem), password, keySource), files);
                ArrayList<Signed> out = new ArrayList<>();
                for (SignatureFiles.Signed s : signed) {
                    SigningKey.FileSignature sig = s.signature();
                    out.add(new Signed(
                            finder.display(s.file()),
                            HexFormat.of().formatHex(sig.sha256()),
                            sig.size(),
                            BlobSignature.encode(sig.signature())));
                }
                return out;
            } finally {
                Arrays.fill(pem, '\0');
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }
}
