package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads and writes an open registry over plain HTTP with the JDK client alone, never through the code under test:
 * how the tests look at what was stored, and plant what an attacker would.
 */
public final class RegistryFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public RegistryFiles(String host) {
        this.base = "http://" + host + "/v2/";
    }

    /** The manifest at {@code reference}, or null (404). */
    public JsonNode manifest(String repository, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(base + repository + "/manifests/" + reference))
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return null;
        }
        check(r, 200);
        return JSON.readTree(r.body());
    }

    public byte[] blob(String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(base + repository + "/blobs/" + digest))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(r, 200);
        return r.body();
    }

    public String putBlob(String repository, byte[] bytes) throws IOException, InterruptedException {
        HttpResponse<byte[]> start = http.send(
                HttpRequest.newBuilder(URI.create(base + repository + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(start, 202);
        String digest = LocalRegistry.sha256(bytes);
        URI loc =
                URI.create(base).resolve(start.headers().firstValue("Location").orElseThrow());
        URI put = URI.create(loc + (loc.getRawQuery() == null ? "?" : "&") + "digest=" + digest.replace(":", "%3A"));
        check(
                http.send(
                        HttpRequest.newBuilder(put)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .header("Content-Type", "application/octet-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()),
                201);
        return digest;
    }

    public void putManifest(String repository, String tag, JsonNode manifest) throws IOException, InterruptedException {
        check(
                http.send(
                        HttpRequest.newBuilder(URI.create(base + repository + "/manifests/" + tag))
                                .header(
                                        "Content-Type",
                                        manifest.path("mediaType").asText())
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(manifest)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()),
                201);
    }

    private static void check(HttpResponse<byte[]> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError(
                    r.request().method() + " " + r.uri() + ": HTTP " + r.statusCode() + " " + new String(r.body()));
        }
    }
}
