package io.jenkins.plugins.relgov.analysis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A stand-in Prometheus (or health endpoint) on loopback that answers from a script: each PromQL query (or, off
 * the query API, each request path) gets its scripted answers in order. A query with no answer left gets HTTP 500,
 * so a short script shows up as an error, never as a value. Outside the system under test; the real answers are
 * in RealPrometheusTest.
 */
public final class ScriptedPrometheus implements AutoCloseable {

    /** One scripted answer: a status and body, or a stall (headers and part of the body, then nothing). */
    public record Answer(int status, String body, boolean stalls) {

        /** A vector with one series per value. */
        public static Answer vector(double... values) {
            String result = Arrays.stream(values)
                    .mapToObj(v -> "{\"metric\":{},\"value\":[1700000000," + quoted(v) + "]}")
                    .collect(Collectors.joining(",", "[", "]"));
            return http(200, success("vector", result));
        }

        /** A vector with no series: the query matched nothing. */
        public static Answer empty() {
            return http(200, success("vector", "[]"));
        }

        public static Answer http(int status, String body) {
            return new Answer(status, body, false);
        }

        /** An API error as Prometheus writes it. */
        public static Answer error(int status, String errorType, String message) {
            return http(
                    status, "{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\"" + message + "\"}");
        }

        /** Sends the headers and the first bytes of a body, then stalls until the server closes. */
        public static Answer stalled() {
            return new Answer(200, "{\"status\":\"success\",\"data\":{", true);
        }

        public static String success(String type, String result) {
            return "{\"status\":\"success\",\"data\":{\"resultType\":\"" + type + "\",\"result\":" + result + "}}";
        }

        private static String quoted(double v) {
            if (Double.isNaN(v)) {
                return "\"NaN\"";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "\"+Inf\"" : "\"-Inf\"";
            }
            return "\"" + v + "\"";
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ScriptedPrometheus() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(handlers); // a stalled answer must not hold up the others
        server.start();
    }

    public static ScriptedPrometheus start() throws IOException {
        return new ScriptedPrometheus();
    }

    /** Adds answers for a PromQL query, or for a request path off the query API (health checks). */
    public ScriptedPrometheus script(String queryOrPath, Answer... answers) {
        scripts.computeIfAbsent(queryOrPath, k -> new ArrayDeque<>()).addAll(Arrays.asList(answers));
        return this;
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI url(String path) {
        return address().resolve(path);
    }

    /** How many requests came for a query or path. */
    public int requests(String queryOrPath) {
        AtomicInteger n = requests.get(queryOrPath);
        return n == null ? 0 : n.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestURI().getPath();
        String form = URLDecoder.decode(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        if (key.endsWith("/api/v1/query")) {
            key = Arrays.stream(form.split("&"))
                    .filter(p -> p.startsWith("query="))
                    .map(p -> p.substring(6))
                    .findFirst()
                    .orElse("");
        }
        requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Deque<Answer> script = scripts.get(key);
        Answer a;
        synchronized (this) {
            a = script == null ? null : script.poll();
        }
        if (a == null) {
            a = Answer.http(500, "no scripted answer left for '" + key + "'");
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (!a.stalls()) {
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        exchange.sendResponseHeaders(a.status(), 0);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
        out.flush();
        try {
            closed.await(60, TimeUnit.SECONDS); // bounded, so a broken test cannot hang the build
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
