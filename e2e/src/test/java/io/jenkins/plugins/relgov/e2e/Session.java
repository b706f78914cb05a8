package io.jenkins.plugins.relgov.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One person's conversation with Jenkins over HTTP, as a browser or a script has it: basic authentication,
 * a session cookie, and the crumb Jenkins wants on every POST (fetched once, sent as the header).
 */
final class Session {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status, body, and the headers the tests look at. */
    record Answer(int status, String body, byte[] bytes, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final URI root;
    private final String user;
    private final String authorization;
    private final HttpClient http;
    private Map.Entry<String, String> crumb;

    Session(URI root, String user, String password) {
        this.root = root;
        this.user = user;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String user() {
        return user;
    }

    /** A path relative to Jenkins' root, or an absolute URL Jenkins gave (a Location header). */
    URI uri(String path) {
        return path.startsWith("http://") || path.startsWith("https://")
                ? URI.create(path)
                : root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    /** A form POST with the crumb, as the page's own form sends it. */
    Answer post(String path, Map<String, String> form) {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        Map.Entry<String, String> c = crumb();
        if (c != null) {
            b.header(c.getKey(), c.getValue());
        }
        return send(b);
    }

    /** The same POST without a crumb: what a cross-site request would look like. */
    Answer postWithoutCrumb(String path, Map<String, String> form) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** A POST of a document (a job's config.xml, a YAML configuration) with the crumb. */
    Answer postDocument(String path, String contentType, String text) {
        HttpRequest.Builder b =
                request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(text));
        Map.Entry<String, String> c = crumb();
        if (c != null) {
            b.header(c.getKey(), c.getValue());
        }
        return send(b);
    }

    /** A POST of a document with the crumb and one more header (the crumb a bound JavaScript proxy adds). */
    Answer postWithHeaders(String path, String contentType, String text, String header, String value) {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", contentType)
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(text));
        Map.Entry<String, String> c = crumb();
        if (c != null) {
            b.header(c.getKey(), c.getValue());
        }
        return send(b);
    }

    /** Runs Groovy in the script console (administrators only) and returns what it printed. */
    String script(String groovy) {
        Answer a = post("scriptText", Map.of("script", groovy));
        if (a.status() != 200) {
            throw new IllegalStateException("script console answered " + a.status() + ": " + a.body());
        }
        return a.body().strip();
    }

    private Map.Entry<String, String> crumb() {
        if (crumb == null) {
            Answer a = get("crumbIssuer/api/json");
            if (a.status() != 200) {
                return null; // CSRF protection off, or a caller who may not even read: nothing to send
            }
            JsonNode c = a.json();
            crumb = Map.entry(
                    c.path("crumbRequestField").asText(), c.path("crumb").asText());
        }
        return crumb;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
