package io.jenkins.plugins.relgov.analysis.argo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where each node of a YAML document starts, by JSON pointer ({@code /spec/metrics/0/failureLimit}), so errors
 * found after binding (or by Jackson while binding records, whose own locations point past the object) can
 * still name the line.
 */
final class YamlLines {

    private static final YAMLFactory YAML = new YAMLFactory();
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {}

    /** Indexes a document; a document that does not parse gives an empty index (the parse error says where). */
    static YamlLines of(String yaml) {
        YamlLines index = new YamlLines();
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    // the container's own path is its parent's field or index
                    pointer = p.getParsingContext().getParent() == null
                            ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString();
                }
                index.lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // leave what was indexed
        }
        return index;
    }

    /** {@code " line 12"} for a pointer, or "" when unknown. */
    String line(String pointer) {
        Integer line = lines.get(pointer);
        return line == null ? "" : " line " + line;
    }

    static String pointer(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> "/" + (r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex())))
                .collect(Collectors.joining());
    }

    /** {@code spec.metrics[0].dryRun} for {@code /spec/metrics/0/dryRun}. */
    static String dotted(String pointer) {
        return pointer.replaceAll("/([0-9]+)", "[$1]").replaceFirst("^/", "").replace('/', '.');
    }
}
