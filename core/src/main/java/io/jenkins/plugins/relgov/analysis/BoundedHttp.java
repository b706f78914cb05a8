package io.jenkins.plugins.relgov.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP exchange bounded end to end. {@link HttpRequest#timeout} only bounds the wait for the headers, so a
 * server that sends them and then stalls the body (or drips it a byte at a time) would hold the analysis
 * forever; here the deadline covers connecting, the headers and the whole body, and the body is read only up to
 * a cap, so an endless answer cannot fill the heap either.
 */
public final class BoundedHttp {

    private BoundedHttp() {}

    /**
     * The answer: its status and up to {@code maxBytes} of its body; a longer body comes back as
     * {@code maxBytes + 1} bytes (see {@link #truncated}) and the rest is never read. {@code headers} are the
     * response's (a registry's {@code WWW-Authenticate} and {@code Location} are read from them).
     */
    public record Answer(int status, byte[] body, long maxBytes, java.net.http.HttpHeaders headers) {
        public boolean truncated() {
            return body.length > maxBytes;
        }
    }

    /**
     * Sends {@code request} and reads the answer within {@code deadline}.
     *
     * @throws HttpTimeoutException when the whole answer did not arrive in time (the exchange is then cancelled)
     * @throws IOException          when the server could not be reached or broke the connection
     * @throws InterruptedException when the thread was interrupted (the exchange is then cancelled)
     */
    public static Answer send(HttpClient http, HttpRequest request, Duration deadline, long maxBytes)
            throws IOException, InterruptedException {
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> {
            CappedBody b = new CappedBody(maxBytes);
            body.set(b);
            return b;
        });
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(response.statusCode(), response.body(), maxBytes, response.headers());
        } catch (TimeoutException e) {
            cancel(exchange, body.get());
            throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            cancel(exchange, body.get());
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        }
    }

    private static void cancel(CompletableFuture<?> exchange, CappedBody body) {
        exchange.cancel(true);
        if (body != null) {
            body.cancel(); // closes a stream whose headers already came
        }
    }

    /** Collects a body up to {@code max} bytes, then cancels the stream and completes with {@code max + 1}. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        CappedBody(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (result.isDone()) {
                    return;
                }
                int n = (int) Math.min(b.remaining(), max + 1 - bytes.size());
                byte[] part = new byte[n];
                b.get(part);
                bytes.write(part, 0, n);
                if (bytes.size() > max) {
                    subscription.cancel();
                    result.complete(bytes.toByteArray());
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(new HttpTimeoutException("cancelled"));
        }
    }
}
