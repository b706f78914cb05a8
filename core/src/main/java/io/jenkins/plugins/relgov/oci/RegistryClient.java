package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.relgov.analysis.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One repository of a registry, through the OCI distribution specification's HTTP API: manifests and blobs by
 * digest, tags, monolithic blob uploads. Authentication follows the registry's challenge: {@code Basic} with the
 * credentials, or {@code Bearer} with a token fetched from the challenge's realm for this repository's scope
 * ({@code repository:NAME:pull}, or {@code pull,push} for a writer), with the credentials or anonymously.
 *
 * <p>Every exchange is bounded end to end ({@link BoundedHttp}: connecting, headers and the whole body within the
 * timeout) and in size; a redirect is followed at most {@value #MAX_REDIRECTS} times and never carries the
 * Authorization header to another origin. Everything fetched by digest is checked against that digest. Messages
 * name the registry, repository and request, never a credential or token.
 */
public final class RegistryClient {
    /** The largest manifest a registry accepts (distribution's limit); more is not a manifest. */
    public static final long MAX_MANIFEST_BYTES = 4L << 20;

    static final int MAX_REDIRECTS = 5;
    private static final long MAX_TOKEN_BYTES = 1L << 20;
    private static final long MAX_SMALL_ANSWER = 64L << 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The media types a manifest GET accepts: OCI and Docker images and indexes. */
    static final List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
                    "application/vnd.docker.distribution.manifest.list.v2+json");

    /** A manifest as fetched: its media type (Content-Type, else the document's), bytes and computed digest. */
    public record Manifest(String mediaType, byte[] bytes, String digest) {}

    /**
     * How to reach a registry: credentials (null: anonymous), whether plain HTTP is allowed, and the longest wait for
     * one answer, body included. Serializable, so a Jenkins agent can be handed it.
     */
    public record Access(RegistryCredentials credentials, boolean allowHttp, Duration timeout)
            implements java.io.Serializable {
        public Access {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the registry timeout must be positive");
            }
        }

        /** Anonymous, HTTPS only, 30 s per exchange. */
        public static Access anonymous() {
            return new Access(null, false, Duration.ofSeconds(30));
        }
    }

    private final String registry;
    private final String repository;
    private final boolean push;
    private final Access access;
    private final URI base;
    private final HttpClient http;
    private String authorization;

    /**
     * @param push whether this client writes (asks for the {@code pull,push} scope) or only reads
     */
    public RegistryClient(String registry, String repository, boolean push, Access access) {
        this.registry = registry;
        this.repository = repository;
        this.push = push;
        this.access = access;
        this.base = URI.create((access.allowHttp() ? "http://" : "https://") + registry);
        this.http = HttpClient.newBuilder()
                .connectTimeout(access.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static RegistryClient of(ImageReference ref, boolean push, Access access) {
        return new RegistryClient(ref.registry(), ref.repository(), push, access);
    }

    /** {@code registry/repository}, as messages name it. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The manifest tagged or digested {@code reference}, or null when there is none; a digest is checked. */
    public Manifest manifest(String reference) {
        BoundedHttp.Answer a =
                exchange("GET", path("manifests/" + reference), accept(), null, null, MAX_MANIFEST_BYTES);
        if (a.status() == 404) {
            return null;
        }
        expect(a, 200, "GET manifest " + reference);
        if (a.truncated()) {
            throw fail("the manifest " + reference + " is larger than " + (MAX_MANIFEST_BYTES >> 20) + " MiB");
        }
        String digest = sha256(a.body());
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw fail("answered a manifest for " + reference + " whose content has digest " + digest);
        }
        String type = a.headers()
                .firstValue("Content-Type")
                .map(t -> t.split(";")[0].strip())
                .orElse("");
        return new Manifest(type, a.body(), digest);
    }

    /** Whether a manifest exists at {@code reference} (a digest or tag). */
    public boolean hasManifest(String reference) {
        BoundedHttp.Answer a = exchange("HEAD", path("manifests/" + reference), accept(), null, null, 0);
        if (a.status() == 404) {
            return false;
        }
        expect(a, 200, "HEAD manifest " + reference);
        return true;
    }

    /** The blob {@code digest}, at most {@code maxBytes}; its content is checked against the digest. */
    public byte[] blob(String digest, long maxBytes) {
        BoundedHttp.Answer a = exchange("GET", path("blobs/" + digest), null, null, null, maxBytes);
        expect(a, 200, "GET blob " + digest);
        if (a.truncated()) {
            throw fail("the blob " + digest + " is larger than " + maxBytes + " bytes");
        }
        if (!sha256(a.body()).equals(digest)) {
            throw fail("answered blob " + digest + " with content of another digest");
        }
        return a.body();
    }

    /** Uploads {@code bytes} as a blob unless the repository has it already (monolithic POST then PUT); returns its digest. */
    public String upload(byte[] bytes) {
        String digest = sha256(bytes);
        BoundedHttp.Answer head = exchange("HEAD", path("blobs/" + digest), null, null, null, 0);
        if (head.status() == 200) {
            return digest;
        }
        BoundedHttp.Answer start = exchange(
                "POST", path("blobs/uploads/"), null, "application/octet-stream", new byte[0], MAX_SMALL_ANSWER);
        expect(start, 202, "POST blob upload");
        String location = start.headers()
                .firstValue("Location")
                .orElseThrow(() -> fail("started a blob upload without a Location"));
        URI upload = base.resolve(path("blobs/uploads/")).resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        BoundedHttp.Answer done = exchange("PUT", put, null, "application/octet-stream", bytes, MAX_SMALL_ANSWER);
        expect(done, 201, "PUT blob " + digest);
        return digest;
    }

    /** Puts {@code bytes} as the manifest tagged {@code tag}; returns its digest. */
    public String putManifest(String tag, String mediaType, byte[] bytes) {
        BoundedHttp.Answer a = exchange("PUT", path("manifests/" + tag), null, mediaType, bytes, MAX_SMALL_ANSWER);
        expect(a, 201, "PUT manifest " + tag);
        return sha256(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String path(String rest) {
        return "/v2/" + repository + "/" + rest;
    }

    private static String accept() {
        return String.join(", ", MANIFEST_TYPES);
    }

    private BoundedHttp.Answer exchange(
            String method, String path, String accept, String contentType, byte[] body, long max) {
        return exchange(method, base.resolve(path), accept, contentType, body, max);
    }

    /** Sends, answering one authentication challenge, and following redirects of reads. */
    private BoundedHttp.Answer exchange(
            String method, URI uri, String accept, String contentType, byte[] body, long max) {
        BoundedHttp.Answer a = follow(method, uri, accept, contentType, body, max);
        if (a.status() == 401) {
            authorization = authenticate(a, method + " " + uri.getRawPath());
            a = follow(method, uri, accept, contentType, body, max);
            if (a.status() == 401) {
                throw fail("refused "
                        + (access.credentials() == null
                                ? "anonymous access"
                                : "the credentials of " + access.credentials().username())
                        + " to " + method + " " + uri.getRawPath() + " (HTTP 401)");
            }
        }
        return a;
    }

    private BoundedHttp.Answer follow(
            String method, URI uri, String accept, String contentType, byte[] body, long max) {
        URI at = uri;
        for (int hop = 0; ; hop++) {
            boolean sameOrigin = sameOrigin(at, base);
            HttpRequest.Builder r = HttpRequest.newBuilder(at)
                    .timeout(access.timeout())
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            if (accept != null) {
                r.header("Accept", accept);
            }
            if (contentType != null) {
                r.header("Content-Type", contentType);
            }
            if (authorization != null && sameOrigin) {
                r.header("Authorization", authorization);
            }
            BoundedHttp.Answer a = send(r.build(), method + " " + at.getRawPath(), max);
            boolean redirect = a.status() == 301
                    || a.status() == 302
                    || a.status() == 303
                    || a.status() == 307
                    || a.status() == 308;
            if (!redirect || !(method.equals("GET") || method.equals("HEAD"))) {
                return a;
            }
            if (hop >= MAX_REDIRECTS) {
                throw fail("redirected " + method + " " + uri.getRawPath() + " more than " + MAX_REDIRECTS + " times");
            }
            String location =
                    a.headers().firstValue("Location").orElseThrow(() -> fail("redirected without a Location"));
            URI next = at.resolve(location);
            if (!next.getScheme().equals("https")
                    && !(access.allowHttp() && next.getScheme().equals("http"))) {
                throw fail("redirected to " + next.getScheme()
                        + ", which is not allowed (HTTPS only without --allow-http-registry)");
            }
            at = next;
        }
    }

    private BoundedHttp.Answer send(HttpRequest request, String what, long max) {
        try {
            return BoundedHttp.send(http, request, access.timeout(), max);
        } catch (HttpTimeoutException e) {
            throw fail(what + ": no complete answer within " + access.timeout().toSeconds() + " s");
        } catch (IOException e) {
            throw new RegistryException(
                    "cannot reach registry " + registry + " (" + what + "): "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(what + ": interrupted");
        }
    }

    /** The Authorization header that answers the registry's challenge. */
    private String authenticate(BoundedHttp.Answer challenged, String what) {
        AuthChallenge c = AuthChallenge.parse(
                challenged.headers().firstValue("WWW-Authenticate").orElse(""));
        RegistryCredentials creds = access.credentials();
        switch (c.scheme()) {
            case "basic" -> {
                if (creds == null) {
                    throw fail("needs credentials for " + what + " (Basic authentication; none found for " + registry
                            + ")");
                }
                return creds.basic();
            }
            case "bearer" -> {
                return "Bearer " + token(c, creds);
            }
            default -> throw fail("answered " + what + " with HTTP 401 and no Basic or Bearer challenge");
        }
    }

    /** Fetches a token from the challenge's realm (the distribution spec's token authentication). */
    private String token(AuthChallenge c, RegistryCredentials creds) {
        URI realm;
        try {
            realm = URI.create(c.param("realm"));
        } catch (IllegalArgumentException e) {
            throw fail("sent a Bearer challenge whose realm is not a URL");
        }
        if (realm.getHost() == null
                || !("https".equals(realm.getScheme()) || access.allowHttp() && "http".equals(realm.getScheme()))) {
            throw fail("sent a Bearer challenge whose realm '" + c.param("realm") + "' is not an HTTPS URL"
                    + (access.allowHttp() ? "" : " (plain HTTP only with --allow-http-registry)"));
        }
        String scope = "repository:" + repository + ":" + (push ? "pull,push" : "pull");
        StringBuilder q = new StringBuilder(realm.getRawQuery() == null ? "" : realm.getRawQuery() + "&");
        if (!c.param("service").isEmpty()) {
            q.append("service=")
                    .append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8))
                    .append('&');
        }
        q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI uri = URI.create(realm.getScheme() + "://" + realm.getRawAuthority()
                + (realm.getRawPath() == null ? "" : realm.getRawPath()) + "?" + q);
        HttpRequest.Builder r =
                HttpRequest.newBuilder(uri).timeout(access.timeout()).GET();
        if (creds != null) {
            r.header("Authorization", creds.basic());
        }
        String where = "the token service " + realm.getRawAuthority() + realm.getRawPath();
        BoundedHttp.Answer a = send(r.build(), "token request to " + where, MAX_TOKEN_BYTES);
        if (a.status() == 401 || a.status() == 403) {
            throw new RegistryException(where + " refused "
                    + (creds == null ? "anonymous access" : "the credentials of " + creds.username()) + " for " + scope
                    + " (HTTP " + a.status() + ")");
        }
        if (a.status() != 200 || a.truncated()) {
            throw new RegistryException(
                    where + " answered HTTP " + a.status() + (a.truncated() ? " with more than 1 MiB" : ""));
        }
        JsonNode json;
        try {
            json = JSON.readTree(a.body());
        } catch (IOException e) {
            throw new RegistryException(where + " did not answer JSON");
        }
        String token = json == null ? "" : json.path("token").asText("");
        if (token.isEmpty() && json != null) {
            token = json.path("access_token").asText(""); // the OAuth 2 name, which the spec allows instead
        }
        if (token.isEmpty() || token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
            throw new RegistryException(
                    where + " answered no usable token (expected {\"token\": ...} of printable ASCII)");
        }
        return token;
    }

    private void expect(BoundedHttp.Answer a, int status, String what) {
        if (a.status() == status) {
            return;
        }
        String why = a.status() == 401 || a.status() == 403
                ? "refused "
                        + (access.credentials() == null
                                ? "anonymous access"
                                : "the credentials of " + access.credentials().username())
                : "answered";
        throw new RegistryException(
                "registry " + registry + ", repository " + repository + ": " + why + " " + what + " with HTTP "
                        + a.status() + errors(a.body()),
                a.status());
    }

    /** The distribution spec's error list ({@code {"errors":[{"code","message"}]}}), short and printable. */
    private static String errors(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            StringBuilder out = new StringBuilder();
            for (JsonNode e : root == null ? JSON.createArrayNode() : root.path("errors")) {
                out.append(out.length() == 0 ? ": " : "; ")
                        .append(e.path("code").asText(""))
                        .append(' ')
                        .append(e.path("message").asText(""));
            }
            String s = out.toString().replaceAll("[^\\x20-\\x7e]", "?");
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private RegistryException fail(String what) {
        return new RegistryException("registry " + registry + ", repository " + repository + ": " + what);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getRawAuthority().equalsIgnoreCase(b.getRawAuthority());
    }
}
