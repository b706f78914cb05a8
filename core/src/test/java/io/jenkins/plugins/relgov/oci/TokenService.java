package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token issuer a registry's {@code auth.token} configuration trusts, as Docker Hub's auth service or Harbor's
 * are for theirs: it checks a user's Basic credentials and issues a JWT (ES256, its certificate in {@code x5c})
 * granting the actions asked for in {@code scope}. The registry, the real one, checks the token's signature,
 * issuer, audience, lifetime and granted actions. Loopback only; every request it saw is kept for assertions.
 */
public final class TokenService implements AutoCloseable {
    static final String SERVICE = "relgov-test-registry";
    static final String ISSUER = "relgov-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCOPE = Pattern.compile("repository:([^:]+):([a-z,*]+)");

    /** What one token request carried. */
    public record Seen(String service, String scope, String authorization) {}

    private final HttpServer server;
    private final PrivateKey key;
    private final String certificateDer;
    private final Path certificate;
    private final String user;
    private final String password;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private TokenService(
            HttpServer server, PrivateKey key, String certificateDer, Path certificate, String user, String password) {
        this.server = server;
        this.key = key;
        this.certificateDer = certificateDer;
        this.certificate = certificate;
        this.user = user;
        this.password = password;
    }

    /** Starts on 127.0.0.1 with a fresh P-256 key and self-signed certificate made by openssl in {@code dir}. */
    public static TokenService start(Path dir, String user, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        LocalRegistry.run(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                dir.resolve("token.key").toString(),
                "-out",
                dir.resolve("token.crt").toString(),
                "-days",
                "1",
                "-subj",
                "/CN=relgov-test-token-issuer"));
        LocalRegistry.run(List.of(
                "openssl",
                "x509",
                "-in",
                dir.resolve("token.crt").toString(),
                "-outform",
                "DER",
                "-out",
                dir.resolve("token.der").toString()));
        PrivateKey key;
        try {
            String pem = Files.readString(dir.resolve("token.key")).replaceAll("-----[A-Z ]+-----|\\s", "");
            key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TokenService t = new TokenService(
                server,
                key,
                Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("token.der"))),
                dir.resolve("token.crt"),
                user,
                password);
        server.createContext("/token", t::handle);
        server.start();
        return t;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path certificate() {
        return certificate;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        seen.add(new Seen(q.get("service"), q.get("scope"), auth));
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String subject = expected.equals(auth) ? user : null;
        if (auth != null && subject == null) {
            reply(ex, 401, "{\"details\":\"incorrect username or password\"}");
            return;
        }
        ArrayNode access = JSON.createArrayNode();
        Matcher m = SCOPE.matcher(q.getOrDefault("scope", ""));
        if (m.matches() && subject != null) { // anonymous callers are granted nothing
            ArrayNode actions = access.addObject()
                    .put("type", "repository")
                    .put("name", m.group(1))
                    .putArray("actions");
            for (String a : m.group(2).split(",")) {
                actions.add(a);
            }
        }
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", subject == null ? "" : subject)
                .put("aud", SERVICE)
                .put("exp", now + 300)
                .put("nbf", now - 10)
                .put("iat", now)
                .put("jti", UUID.randomUUID().toString());
        claims.set("access", access);
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
        header.putArray("x5c").add(certificateDer);
        String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format"); // JWS wants r||s, not DER
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String token = signingInput + "." + b64(s.sign());
            reply(
                    ex,
                    200,
                    JSON.createObjectNode()
                            .put("token", token)
                            .put("expires_in", 300)
                            .toString());
        } catch (java.security.GeneralSecurityException e) {
            reply(ex, 500, "{}");
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
