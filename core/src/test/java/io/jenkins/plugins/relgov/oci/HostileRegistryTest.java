package io.jenkins.plugins.relgov.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry that misbehaves, scripted on loopback (a real registry cannot be made to): oversized and stalled
 * answers end within the bounds, content that does not match its digest is refused, and credentials never follow
 * a redirect to another origin or go to a realm that is not HTTP(S).
 */
class HostileRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String SIG_TAG = "/v2/demo/app/manifests/sha256-" + "ab".repeat(32) + ".sig";
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    private interface Script {
        void answer(HttpExchange ex) throws IOException;
    }

    private HttpServer serve(Map<String, Script> routes) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            Script script = routes.get(ex.getRequestURI().getPath());
            if (script == null) {
                reply(ex, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"nothing here\"}]}");
            } else {
                script.answer(ex);
            }
        });
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.start();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static String host(HttpServer s) {
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static ImageSigner signer(RegistryCredentials creds, Duration timeout) {
        return new ImageSigner(new RegistryClient.Access(creds, true, timeout));
    }

    private static ImageReference image(HttpServer s) {
        return ImageReference.parse(host(s) + "/demo/app@" + DIGEST);
    }

    @Test
    void aManifestLargerThanAManifestCanBeIsRefused() throws Exception {
        HttpServer s = serve(Map.of(SIG_TAG, ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, endless in effect
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 200; i++) {
                    out.write(chunk);
                }
            } catch (IOException closedByTheClient) {
                // expected: the client stops reading at the cap
            }
        }));
        assertThatThrownBy(() -> signer(null, Duration.ofSeconds(10))
                        .verify(
                                image(s),
                                SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("larger than 4 MiB");
    }

    @Test
    void aStalledAnswerEndsAtTheTimeout() throws Exception {
        HttpServer s = serve(Map.of(SIG_TAG, ex -> {
            ex.sendResponseHeaders(200, 1000);
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long start = System.nanoTime();
        assertThatThrownBy(() -> signer(null, Duration.ofSeconds(1))
                        .verify(
                                image(s),
                                SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("no complete answer within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aBlobWhoseContentIsNotItsDigestIsRefused() throws Exception {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        String claimed = "sha256:" + "cd".repeat(32);
        HttpServer s = serve(Map.of(
                SIG_TAG,
                ex -> reply(ex, 200, signatureManifest(claimed, payload.length)),
                "/v2/demo/app/blobs/" + claimed,
                ex -> reply(ex, 200, "{}")));
        assertThatThrownBy(() -> signer(null, Duration.ofSeconds(5))
                        .verify(
                                image(s),
                                SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("answered blob " + claimed + " with content of another digest");
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherOrigin() throws Exception {
        byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
        String layer = RegistryClient.sha256(payload);
        List<String> seenElsewhere = new CopyOnWriteArrayList<>();
        HttpServer storage = serve(Map.of("/blob", ex -> {
            seenElsewhere.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.sendResponseHeaders(200, payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload);
            }
        }));
        Map<String, String> seenAtRegistry = new ConcurrentHashMap<>();
        HttpServer s = serve(Map.of(
                SIG_TAG,
                ex -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    if (auth == null) {
                        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                        reply(ex, 401, "");
                        return;
                    }
                    seenAtRegistry.put("manifest", auth);
                    reply(ex, 200, signatureManifest(layer, payload.length));
                },
                "/v2/demo/app/blobs/" + layer,
                ex -> {
                    seenAtRegistry.put(
                            "blob", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                    ex.getResponseHeaders().add("Location", "http://" + host(storage) + "/blob");
                    reply(ex, 307, "");
                }));
        ImageVerification v = signer(new RegistryCredentials("bot", "pw"), Duration.ofSeconds(5))
                .verify(image(s), SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey());
        assertThat(v.verified()).isFalse();
        assertThat(seenAtRegistry).containsKeys("manifest", "blob");
        assertThat(seenAtRegistry.get("blob")).startsWith("Basic ");
        assertThat(seenElsewhere).containsExactly("null");
    }

    @Test
    void aRedirectLoopEnds() throws Exception {
        String layer = "sha256:" + "ef".repeat(32);
        HttpServer s = serve(Map.of(
                SIG_TAG, ex -> reply(ex, 200, signatureManifest(layer, 10)), "/v2/demo/app/blobs/" + layer, ex -> {
                    ex.getResponseHeaders().add("Location", "/v2/demo/app/blobs/" + layer);
                    reply(ex, 307, "");
                }));
        assertThatThrownBy(() -> signer(null, Duration.ofSeconds(5))
                        .verify(
                                image(s),
                                SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("more than 5 times");
    }

    @Test
    void aRealmThatIsNotHttpGetsNoCredentials() throws Exception {
        HttpServer s = serve(Map.of(SIG_TAG, ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"file:///etc/passwd\",service=\"x\"");
            reply(ex, 401, "");
        }));
        assertThatThrownBy(() -> signer(new RegistryCredentials("bot", "pw"), Duration.ofSeconds(5))
                        .verify(
                                image(s),
                                SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("is not an HTTPS URL");
    }

    @Test
    void aTagHoldingSomethingElseIsNeverOverwritten() throws Exception {
        ObjectNode index = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.putArray("manifests");
        List<String> writes = new CopyOnWriteArrayList<>();
        HttpServer s = serve(Map.of("/v2/demo/app/manifests/" + DIGEST, ex -> reply(ex, 200, ""), SIG_TAG, ex -> {
            if (!ex.getRequestMethod().equals("GET")) {
                writes.add(ex.getRequestMethod());
            }
            reply(ex, 200, index.toString());
        }));
        assertThatThrownBy(() -> signer(null, Duration.ofSeconds(5))
                        .sign(image(s), SigningKey.generate(KeyAlgorithm.ECDSA_P256)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("refusing to use or overwrite it");
        assertThat(writes).isEmpty();
    }

    private static String signatureManifest(String layerDigest, long size) {
        ObjectNode m = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("size", 2)
                .put("digest", "sha256:" + "00".repeat(32));
        m.putArray("layers")
                .addObject()
                .put("mediaType", SimpleSigningPayload.MEDIA_TYPE)
                .put("size", size)
                .put("digest", layerDigest)
                .putObject("annotations")
                .put(ImageSigner.SIGNATURE_ANNOTATION, "MEUCIQ==");
        return m.toString();
    }
}
