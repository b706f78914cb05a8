package io.jenkins.plugins.relgov.signing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A time-stamping authority for tests: the real {@code openssl ts -reply} behind a small HTTP server on the
 * loopback interface, with a CA and a TSA certificate (extended key usage timeStamping, critical) made with
 * openssl. {@link #answer} lets a test make it misbehave as a broken or hostile authority would.
 */
public final class LocalTsa implements AutoCloseable {
    /** How the server answers a query. */
    public enum Answer {
        TOKEN,
        HTTP_500,
        GARBAGE,
        REJECTION
    }

    private static final String CONFIG = """
            [ tsa ]
            default_tsa = tsa_config1
            [ tsa_config1 ]
            dir = .
            serial = $dir/tsaserial
            crypto_device = builtin
            signer_cert = $dir/tsa.pem
            certs = $dir/ca.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            [ tsa_ext ]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            extendedKeyUsage = critical,timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [ ca_ext ]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            """;

    private final Path dir;
    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private volatile Answer answer = Answer.TOKEN;

    private LocalTsa(Path dir, HttpServer server) {
        this.dir = dir;
        this.server = server;
    }

    /** Makes the CA and TSA certificates in {@code dir} (named {@code name}) and starts serving on 127.0.0.1. */
    public static LocalTsa start(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ts.cnf"), CONFIG);
        Files.writeString(dir.resolve("tsaserial"), "01\n");
        OpenSsl.sh(
                dir,
                "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem"
                        + " -days 3650 -subj '/CN=" + name + " Root' -config ts.cnf -extensions ca_ext 2>/dev/null"
                        + " && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tsa.key -out tsa.csr"
                        + " -subj '/CN=" + name + "' 2>/dev/null"
                        + " && openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem -days 3650"
                        + " -extfile ts.cnf -extensions tsa_ext 2>/dev/null");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalTsa tsa = new LocalTsa(dir, server);
        server.createContext("/tsr", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                byte[] reply = tsa.reply(in.readNBytes(64 << 10));
                if (reply == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            }
        });
        server.start();
        return tsa;
    }

    private synchronized byte[] reply(byte[] query) throws IOException {
        served.incrementAndGet();
        switch (answer) {
            case HTTP_500:
                return null;
            case GARBAGE:
                return "<html>not a time-stamp</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            default:
                break;
        }
        Path q = Files.write(dir.resolve("query.tsq"), query);
        try {
            // a rejection: openssl answers a query naming a digest the TSA does not accept (here: none) with status 2
            String config = answer == Answer.REJECTION ? "ts-reject.cnf" : "ts.cnf";
            if (answer == Answer.REJECTION) {
                Files.writeString(
                        dir.resolve(config), CONFIG.replace("digests = sha256, sha384, sha512", "digests = sha1"));
            }
            OpenSsl.ok(
                    dir, "openssl", "ts", "-reply", "-queryfile", q.toString(), "-config", config, "-out", "reply.tsr");
            return Files.readAllBytes(dir.resolve("reply.tsr"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsr");
    }

    public void answer(Answer a) {
        answer = a;
    }

    public int served() {
        return served.get();
    }

    /** The CA certificate file (what an auditor trusts). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The TSA's own certificate file. */
    public Path tsaPem() {
        return dir.resolve("tsa.pem");
    }

    public List<X509Certificate> ca() throws IOException {
        return TimestampToken.certificates(Files.readAllBytes(caPem()), caPem().toString());
    }

    /** A client of this authority that trusts its CA. */
    public TimestampAuthority client() throws IOException {
        return new TimestampAuthority(url(), ca(), java.time.Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
