package io.jenkins.plugins.relgov.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
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
        String binary = find("docker-registry", "the image signing tests need a real registry (apt-get install docker-registry; .ci/run does it)");
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
        Process p = new ProcessBuilder(binary, "serve", file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry r = new LocalRegistry(p, dir, "127.0.0.1:" + port, log);
        r.awaitReady();
        return r;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return host;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("docker-registry not ready after 30 s: " + Files.readString(log));
    }

    /**
     * Pushes a small image made of {@code marker} to {@code repository:tag} with skopeo and returns its manifest
     * digest as skopeo reports it. {@code creds} is {@code user:password} for a registry behind tokens, else null.
     */
    public String push(String repository, String tag, String marker, String creds) throws IOException, InterruptedException {
        Path layout = Files.createTempDirectory(dir, "layout");
        writeLayout(layout, tag, marker);
        Path digestFile = layout.resolve("digest");
        List<String> cmd = new ArrayList<>(List.of(find("skopeo", "the image tests push with skopeo (apt-get install skopeo)"),
                "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false", "--digestfile", digestFile.toString()));
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
        run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "-cf", tar.toString(), "-C", content.toString(), "."));
        byte[] raw = Files.readAllBytes(tar);
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        byte[] layer = gz.toByteArray();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + sha256(raw) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + sha256(layer) + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        for (byte[] b : List.of(layer, config, manifest)) {
            Files.write(blobs.resolve(sha256(b).substring(7)), b);
        }
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + sha256(manifest) + "\",\"size\":" + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    }

    static String sha256(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
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
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A Debian package's binary; the tests fail (not skip) without it, since CI installs it. */
    static String find(String name, String why) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String d : List.of("/usr/bin", "/usr/sbin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        throw new IllegalStateException(name + " is not installed: " + why);
    }
}
