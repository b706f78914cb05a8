package io.jenkins.plugins.relgov.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.relgov.json.JsonMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Streaming JSON helpers shared by the SARIF and Trivy parsers. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {}

    static JsonParser open(InputStream in) throws IOException {
        return FACTORY.createParser(in);
    }

    /** Fails unless the current token is {@code expected}; {@code what} names the place in the format. */
    static void expect(JsonParser p, JsonToken expected, String what, String file) {
        if (p.currentToken() != expected) {
            throw new ReportException(
                    file,
                    line(p),
                    what + " must be " + (expected == JsonToken.START_ARRAY ? "an array" : "an object") + ", found "
                            + JsonMessages.describe(p.currentToken()),
                    null);
        }
    }

    static int line(JsonParser p) {
        return p.currentLocation() == null ? -1 : (int) p.currentLocation().getLineNr();
    }

    static RuntimeException error(String file, IOException e) {
        if (e instanceof JsonProcessingException j) {
            int line = j.getLocation() == null ? -1 : j.getLocation().getLineNr();
            return new ReportException(file, line, "malformed JSON: " + JsonMessages.readable(j), e);
        }
        return new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
}
