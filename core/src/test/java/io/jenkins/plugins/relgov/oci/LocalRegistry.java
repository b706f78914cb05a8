package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.testing.LocalServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A real OCI registry (Debian's {@code docker-registry}, distribution 2.8) on 127.0.0.1 with a configuration of
 * the test's own (never the packaged one, which listens on every interface), optionally behind token
 * authentication served by a {@link TokenService}; stopped by {@link #close()}. Test images are pushed with the
 * real {@code skopeo} from an OCI layout the test writes.
 */
public final class LocalRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path dir;
    private final String host;
    private final Path log;

    private LocalRegistry(Process process, Path dir, String host, Path log) {
        this.process = process;
        this.dir = dir;
        this.host = host;
        this.log = log;
    }

    /** An open registry: anyone may pull and push. */
    public static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    /** A registry that accepts only tokens from {@code tokens} (the distribution spec's token authentication). */
    public static LocalRegistry start(Path dir, TokenService tokens) throws IOException, InterruptedException {
        String binary = find(
                "docker-registry",
                "the image signing tests need a real registry (apt-get install docker-registry; .ci/run does it)");
        Files.createDirectories(dir);
        int port = freePort();
        List<String> config = new ArrayList<>(List.of(
                "version: 0.1",
                "log:",
                "  level: error",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("data"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                "  secret: relgov-test-only"));
        if (tokens != null) {
            config.addAll(List.of(
                    "auth:",
                    "  token:",
                    "    realm: " + tokens.realm(),
                    "    service: " + TokenService.SERVICE,
                    "    issuer: " + TokenService.ISSUER,
                    "    rootcertbundle: " + tokens.certificate()));
        }
        Path file = dir.resolve("registry.yml");
        Files.write(file, config);
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(binary, "serve", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalRegistry r = new LocalRegistry(p, dir, "127.0.0.1:" + port, log);
        r.awaitReady();
        return r;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return host;
    }

    private void awaitReady() throws IOException, InterruptedException {
        LocalServers.awaitHttp(
                process,
                URI.create("http://" + host + "/v2/"),
                status -> status == 200 || status == 401,
                log,
                "docker-registry");
    }

    /**
     * Pushes a small image made of {@code marker} to {@code repository:tag} with skopeo and returns its manifest
     * digest as skopeo reports it. {@code creds} is {@code user:password} for a registry behind tokens, else null.
     */
    public String push(String repository, String tag, String marker, String creds)
            throws IOException, InterruptedException {
        Path layout = Files.createTempDirectory(dir, "layout");
        writeLayout(layout, tag, marker);
        Path digestFile = layout.resolve("digest");
        List<String> cmd = new ArrayList<>(List.of(
                find("skopeo", "the image tests push with skopeo (apt-get install skopeo)"),
                "--insecure-policy",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "--digestfile",
                digestFile.toString()));
        if (creds != null) {
            cmd.add("--dest-creds=" + creds);
        }
        cmd.addAll(List.of("oci:" + layout + ":" + tag, "docker://" + host + "/" + repository + ":" + tag));
        run(cmd);
        return Files.readString(digestFile).strip();
    }

    /** An OCI image layout, its image named {@code tag}, with one gzip layer holding {@code marker}.txt: each marker makes another image. */
    private static void writeLayout(Path layout, String tag, String marker) throws IOException, InterruptedException {
        Path content = Files.createDirectories(layout.resolve("content"));
        Files.writeString(content.resolve(marker + ".txt"), marker);
        Path tar = layout.resolve("layer.tar");
        run(List.of(
                "tar",
                "--sort=name",
                "--mtime=@0",
                "--owner=0",
                "--group=0",
                "-cf",
                tar.toString(),
                "-C",
                content.toString(),
                "."));
        byte[] raw = Files.readAllBytes(tar);
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        byte[] layer = gz.toByteArray();
        ObjectNode cfg = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        cfg.putObject("config");
        cfg.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(sha256(raw));
        byte[] config = JSON.writeValueAsBytes(cfg);
        ObjectNode m = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", sha256(config))
                .put("size", config.length);
        m.putArray("layers")
                .addObject()
                .put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                .put("digest", sha256(layer))
                .put("size", layer.length);
        byte[] manifest = JSON.writeValueAsBytes(m);
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        for (byte[] b : List.of(layer, config, manifest)) {
            Files.write(blobs.resolve(sha256(b).substring(7)), b);
        }
        Files.write(
                layout.resolve("oci-layout"),
                JSON.writeValueAsBytes(JSON.createObjectNode().put("imageLayoutVersion", "1.0.0")));
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        index.putArray("manifests")
                .addObject()
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("digest", sha256(manifest))
                .put("size", manifest.length)
                .putObject("annotations")
                .put("org.opencontainers.image.ref.name", tag);
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    static String sha256(byte[] b) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        LocalServers.stop(process);
    }

    public static int freePort() throws IOException {
        return LocalServers.freePort();
    }

    static String find(String name, String why) {
        return LocalServers.binary(name, why);
    }
}
