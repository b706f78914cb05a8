package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Registry credentials from Docker's {@code config.json}, found as the docker CLI finds them: a registry's
 * {@code credHelpers} entry, else the {@code credsStore}, else its {@code auths} entry ({@code auth}, the base64 of
 * {@code user:password}, or {@code username} and {@code password}). A helper is the program
 * {@code docker-credential-<name>} on the PATH, asked with {@code get} and the server on its input.
 *
 * <p>Nothing read here is ever put in a message: a malformed file is named by line and column only (the JSON
 * parser would quote the text it choked on, which may be a password).
 */
public final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_HELPER_OUTPUT = 64 * 1024;
    private static final long MAX_CONFIG_BYTES = 4L << 20;
    /** How the docker CLI names Docker Hub in config.json. */
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;
    private final JsonNode root;
    private final List<Path> searchPath;

    private DockerConfig(Path file, JsonNode root, List<Path> searchPath) {
        this.file = file;
        this.root = root;
        this.searchPath = List.copyOf(searchPath);
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultLocation() {
        String dir = System.getenv("DOCKER_CONFIG");
        return dir != null && !dir.isBlank()
                ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    /** Reads {@code file}, finding credential helpers on the PATH; a missing file holds no credentials. */
    public static DockerConfig read(Path file) {
        List<Path> path = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                path.add(Path.of(dir));
            }
        }
        return read(file, path);
    }

    /** Reads {@code file}, finding credential helpers in {@code searchPath}. */
    public static DockerConfig read(Path file, List<Path> searchPath) {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new RegistryException(
                        file + ": larger than " + (MAX_CONFIG_BYTES >> 20) + " MiB; not a docker config.json");
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new RegistryException(file + ": not a JSON object");
            }
            return new DockerConfig(file, root, searchPath);
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, JSON.createObjectNode(), searchPath);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new RegistryException(file + ": not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new RegistryException(file + ": cannot read: " + e.getClass().getSimpleName());
        }
    }

    /** The credentials for {@code registry} (host[:port]), or empty to go anonymous. */
    public Optional<RegistryCredentials> credentialsFor(String registry) {
        String helper = root.path("credHelpers").path(registry).asText("");
        if (helper.isEmpty() && registry.equals(ImageReference.DOCKER_HUB)) {
            helper = root.path("credHelpers").path("docker.io").asText("");
        }
        if (helper.isEmpty()) {
            helper = root.path("credsStore").asText("");
        }
        if (!helper.isEmpty()) {
            return fromHelper(helper, registry);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (host(e.getKey()).equals(registry)) {
                return fromEntry(e.getKey(), e.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code https://host:port/v1/} and {@code host} name the same registry; Docker Hub has several names. */
    static String host(String key) {
        String h = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = h.indexOf('/');
        h = slash >= 0 ? h.substring(0, slash) : h;
        return switch (h) {
            case "docker.io", "registry-1.docker.io" -> ImageReference.DOCKER_HUB;
            default -> h.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private Optional<RegistryCredentials> fromEntry(String key, JsonNode entry) {
        String where = file + ": auths[\"" + key + "\"]";
        if (!entry.path("identitytoken").asText("").isEmpty()) {
            throw new RegistryException(
                    where + " holds an identity token (an OAuth refresh token), which relgov does not"
                            + " exchange; log in with a user name and password or access token instead");
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(where + ".auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new RegistryException(where + ".auth is not the base64 of user:password");
            }
            return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        if (!user.isEmpty()) {
            return Optional.of(
                    new RegistryCredentials(user, entry.path("password").asText("")));
        }
        return Optional.empty();
    }

    /** Asks {@code docker-credential-<helper> get}, bounded in time and output; "not found" means anonymous. */
    private Optional<RegistryCredentials> fromHelper(String helper, String registry) {
        if (!helper.matches("[A-Za-z0-9._-]+")) {
            throw new RegistryException(file + ": credential helper name '" + helper + "' is not a plain program name");
        }
        String program = "docker-credential-" + helper;
        Path exe = searchPath.stream()
                .map(d -> d.resolve(program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new RegistryException(
                        file + " names the credential helper '" + helper + "' but " + program + " is not on the PATH"));
        String server = registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
        Process p;
        try {
            p = new ProcessBuilder(exe.toString(), "get")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new RegistryException("cannot run " + exe + ": " + e.getMessage());
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(server.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out;
            try (InputStream o = p.getInputStream()) {
                var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return o.readNBytes(MAX_HELPER_OUTPUT + 1);
                    } catch (IOException e) {
                        return new byte[0];
                    }
                });
                if (!p.waitFor(HELPER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new RegistryException(
                            program + " did not answer within " + HELPER_TIMEOUT.toSeconds() + " s");
                }
                out = reader.get(HELPER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            if (p.exitValue() != 0) {
                return Optional.empty(); // helpers exit 1 with "credentials not found": anonymous access
            }
            if (out.length > MAX_HELPER_OUTPUT) {
                throw new RegistryException(program + " answered more than " + MAX_HELPER_OUTPUT + " bytes");
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(out);
            } catch (JsonProcessingException e) {
                throw new RegistryException(program + " did not answer JSON");
            }
            String user = answer == null ? "" : answer.path("Username").asText("");
            if (user.equals("<token>")) {
                throw new RegistryException(program + " holds an identity token for " + registry
                        + ", which relgov does not exchange; log in with a user name and password or access token");
            }
            return user.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                            new RegistryCredentials(user, answer.path("Secret").asText("")));
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new RegistryException(program + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(program + " interrupted");
        } finally {
            p.destroyForcibly();
        }
    }
}
