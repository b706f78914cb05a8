package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * An RFC 3161 time-stamping authority reached over HTTP (RFC 3161 section 3.4: POST
 * {@code application/timestamp-query}, answer {@code application/timestamp-reply}). Each request carries a
 * fresh nonce and asks for the signing certificate; the answer must match the request and verify against the
 * certificate the administrator configured, so a wrong or impostor authority fails the seal rather than
 * leaving a token no auditor can trust.
 */
public final class TimestampAuthority implements Timestamper {
    /** A token is a few kilobytes; an answer far larger is not one. */
    static final int MAX_RESPONSE = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI url;
    private final List<X509Certificate> trusted;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param url     the authority's endpoint, http or https (tokens are signed, so http is usual); no credentials in it
     * @param trusted the authority's certificate, or the CA certificate(s) it chains to
     * @param timeout for connecting and for the whole answer
     */
    public TimestampAuthority(URI url, List<X509Certificate> trusted, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "time-stamping authority URL must be an http or https URL, not '" + url + "'");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "time-stamping authority URL must not carry credentials (user:password@)");
        }
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException(
                    "the time-stamping authority's certificate is needed to check its tokens");
        }
        this.url = url;
        this.trusted = List.copyOf(trusted);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String authority() {
        return url.toString();
    }

    @Override
    public byte[] timestamp(byte[] data) throws IOException {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, digest, new BigInteger(63, RANDOM));
        byte[] answer = post(request.getEncoded());
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(answer);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new IOException(url + ": the answer is not an RFC 3161 time-stamp response");
        }
        int status = response.getStatus();
        if (status != 0 && status != 1) { // granted, granted with modifications
            throw new IOException(url + ": the time-stamping authority refused the request (status " + status
                    + (response.getStatusString() == null ? "" : ": " + response.getStatusString()) + ")");
        }
        try {
            response.validate(request); // nonce, imprint, certificate requested
        } catch (TSPException e) {
            throw SigningException.at(url, "the time-stamp response does not answer the request: " + e.getMessage());
        }
        TimestampToken token = TimestampToken.parse(answer, url.toString());
        token.verify(data, trusted, url.toString());
        return token.der();
    }

    private byte[] post(byte[] query) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/timestamp-query")
                .header("Accept", "application/timestamp-reply")
                .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(url + ": interrupted while waiting for the time-stamping authority", e);
        } catch (IOException e) {
            throw new IOException(
                    url + ": cannot reach the time-stamping authority: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(url + ": the time-stamping authority answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_RESPONSE + 1);
            if (bytes.length > MAX_RESPONSE) {
                throw new IOException(
                        url + ": the answer exceeds " + MAX_RESPONSE + " bytes; not a time-stamp response");
            }
            return bytes;
        }
    }

    @Override
    public String toString() {
        return "TimestampAuthority[" + url + "]";
    }
}
