package io.jenkins.plugins.relgov.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.util.regex.Pattern;

/**
 * Jackson's messages and token names as a person reads them. Jackson writes {@code [Source: REDACTED
 * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 31]} for a location, names the
 * {@code StreamReadConstraints} getter behind a limit, and calls a null {@code VALUE_NULL}.
 */
public final class JsonMessages {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern CONSTRAINT = Pattern.compile(", from `StreamReadConstraints\\.\\w+\\(\\)`");

    private JsonMessages() {}

    /** The problem without Jackson's location suffix, source description or configuration names. */
    public static String readable(JsonProcessingException e) {
        return readable(e.getOriginalMessage());
    }

    static String readable(String message) {
        String m = message == null ? "" : message;
        m = SOURCE.matcher(m).replaceAll("line $1, column $2");
        return CONSTRAINT.matcher(m).replaceAll("");
    }

    /** What a token is, in words: "an object", "null", "the end of the file". */
    public static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the file";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT -> "the end of an object";
            case END_ARRAY -> "the end of an array";
            case FIELD_NAME -> "a field name";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> "an embedded value";
        };
    }
}
