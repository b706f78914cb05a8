package io.jenkins.plugins.relgov.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The approval log as JSON: an array of events, each with a {@code type}; instants and durations as
 * ISO-8601 strings. Reading fails on unknown fields and names where the JSON is wrong.
 */
public final class ApprovalJson {
    private static final TypeReference<List<ApprovalEvent>> LOG = new TypeReference<>() {};
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private ApprovalJson() {}

    /** The mapper configured for approval events (to embed them in other documents). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(List<? extends ApprovalEvent> events) {
        try {
            return MAPPER.writerFor(LOG).writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write approval events: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a log written by {@link #write}.
     *
     * @throws IllegalArgumentException with the line, column and field path of the first problem
     */
    public static List<ApprovalEvent> read(String json) {
        try {
            List<ApprovalEvent> events = MAPPER.readValue(json, LOG);
            if (events == null) {
                throw new IllegalArgumentException("invalid approval log: expected a JSON array of events, got null");
            }
            return events;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "invalid approval log at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + path(e) + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                && !m.getPath().isEmpty()) {
            return " (" + m.getPathReference() + ")";
        }
        return "";
    }
}
