package io.jenkins.plugins.relgov.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.jenkins.plugins.relgov.json.JsonMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A policy file parsed into a Jackson tree that remembers where every key and value came from, so
 * that validation can say {@code file:line:column} for a field path. Duplicate keys and YAML aliases
 * are problems here, because a plain tree would silently keep only the last key, and Jackson reads
 * an alias as its name.
 */
public final class PolicyDocument {

    /** Policies are small; these limits keep a hostile file from exhausting memory. */
    static final int MAX_BYTES = 1 << 20;

    private static final int MAX_DEPTH = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final JsonNode root;
    private final Map<String, JsonLocation> keys;
    private final Map<String, JsonLocation> values;
    private final List<PolicyProblem> problems;

    private PolicyDocument(
            String file,
            JsonNode root,
            Map<String, JsonLocation> keys,
            Map<String, JsonLocation> values,
            List<PolicyProblem> problems) {
        this.file = file;
        this.root = root;
        this.keys = keys;
        this.values = values;
        this.problems = List.copyOf(problems);
    }

    /**
     * Parses {@code content}: JSON when the name ends in {@code .json}, YAML otherwise.
     *
     * @throws PolicyException (malformed) on a syntax error, a duplicate key or a document that is not a mapping
     */
    public static PolicyDocument parse(String file, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw malformed(file, 0, 0, "policy file is " + content.length + " bytes; the limit is " + MAX_BYTES);
        }
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json");
        Builder builder = new Builder(file);
        try (JsonParser parser = factory(json).createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed(file, 1, 1, "the policy file is empty");
            }
            JsonNode root = builder.value(parser, "", 0);
            if (parser.nextToken() != null && json) {
                throw malformed(file, parser.currentTokenLocation(), "unexpected content after the policy document");
            }
            if (!root.isObject()) {
                throw malformed(
                        file,
                        1,
                        1,
                        "a policy must be a mapping of keys (name, roles, tiers, ...), found "
                                + PolicyReader.kind(root));
            }
            return new PolicyDocument(file, root, builder.keys, builder.values, builder.problems);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                // SnakeYAML's message spans several lines with a source excerpt; keep one line.
                String context = y.getContext() == null
                        ? ""
                        : y.getContext()
                                + (y.getContextMark() == null
                                        ? ""
                                        : " (line " + (y.getContextMark().getLine() + 1) + ", column "
                                                + (y.getContextMark().getColumn() + 1) + ")")
                                + ": ";
                throw malformed(
                        file,
                        y.getProblemMark().getLine() + 1,
                        y.getProblemMark().getColumn() + 1,
                        "not valid YAML: " + context + y.getProblem());
            }
            JsonLocation at = e.getLocation();
            throw malformed(
                    file,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not valid " + (json ? "JSON" : "YAML") + ": " + JsonMessages.readable(e));
        } catch (IOException e) {
            throw malformed(file, 0, 0, "cannot read: " + e.getMessage());
        }
    }

    private static JsonFactory factory(boolean json) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_BYTES)
                .maxNumberLength(100)
                .build();
        if (json) {
            return JsonFactory.builder().streamReadConstraints(limits).build();
        }
        LoaderOptions yaml = new LoaderOptions();
        yaml.setMaxAliasesForCollections(20); // "billion laughs" guard
        yaml.setAllowDuplicateKeys(true); // we report duplicates ourselves, with their location
        yaml.setCodePointLimit(MAX_BYTES);
        yaml.setNestingDepthLimit(MAX_DEPTH);
        return YAMLFactory.builder()
                .loaderOptions(yaml)
                .streamReadConstraints(limits)
                .build();
    }

    public String file() {
        return file;
    }

    /** The document as a tree (also what {@link PolicyDigest} canonicalizes). */
    public JsonNode root() {
        return root;
    }

    /** Problems found while parsing (duplicate keys, aliases); validation adds its own to these. */
    List<PolicyProblem> problems() {
        return problems;
    }

    /** Where the value at {@code path} starts (falls back to the nearest enclosing value). */
    PolicyProblem problemAt(String path, String message) {
        return locate(values, path, message);
    }

    /** Where the key of the member at {@code path} is written (for unknown or duplicate keys). */
    PolicyProblem problemAtKey(String path, String message) {
        return keys.containsKey(path) ? at(keys.get(path), path, message) : locate(values, path, message);
    }

    private PolicyProblem locate(Map<String, JsonLocation> where, String path, String message) {
        String p = path;
        while (!where.containsKey(p) && !p.isEmpty()) {
            p = Paths.parent(p);
        }
        return at(where.get(p), path, message);
    }

    private PolicyProblem at(JsonLocation location, String path, String message) {
        return location == null
                ? new PolicyProblem(file, 0, 0, path, message)
                : new PolicyProblem(file, location.getLineNr(), location.getColumnNr(), path, message);
    }

    private static PolicyException malformed(String file, JsonLocation at, String message) {
        return malformed(file, at.getLineNr(), at.getColumnNr(), message);
    }

    private static PolicyException malformed(String file, int line, int column, String message) {
        return new PolicyException(List.of(new PolicyProblem(file, line, column, "", message)), true);
    }

    /** Builds the tree token by token, recording locations by field path. */
    private static final class Builder {
        private final String file;
        private final Map<String, JsonLocation> keys = new HashMap<>();
        private final Map<String, JsonLocation> values = new HashMap<>();
        private final List<PolicyProblem> problems = new ArrayList<>();

        Builder(String file) {
            this.file = file;
        }

        JsonNode value(JsonParser p, String path, int depth) throws IOException {
            JsonLocation at = p.currentTokenLocation();
            values.put(path, at);
            if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                // Jackson would read *name as the text "name"; refuse rather than load something else.
                problems.add(new PolicyProblem(
                        file,
                        at.getLineNr(),
                        at.getColumnNr(),
                        path,
                        "YAML aliases (*" + p.getText() + ") are not supported in policies; write the value out"));
                return NODES.nullNode();
            }
            return switch (p.currentToken()) {
                case START_OBJECT -> {
                    ObjectNode object = NODES.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        String child = Paths.child(path, name);
                        JsonLocation keyAt = p.currentTokenLocation();
                        p.nextToken();
                        if (object.has(name)) {
                            problems.add(new PolicyProblem(
                                    file,
                                    keyAt.getLineNr(),
                                    keyAt.getColumnNr(),
                                    child,
                                    "duplicate key '" + name + "' (first at line "
                                            + keys.get(child).getLineNr() + ")"));
                            value(p, child + "#dup", depth + 1);
                            continue;
                        }
                        keys.put(child, keyAt);
                        object.set(name, value(p, child, depth + 1));
                    }
                    yield object;
                }
                case START_ARRAY -> {
                    ArrayNode array = NODES.arrayNode();
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                        array.add(value(p, Paths.index(path, i), depth + 1));
                    }
                    yield array;
                }
                case VALUE_STRING -> NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> intOrLong(p);
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default ->
                    throw new JsonProcessingException("unexpected " + p.currentToken(), p.currentTokenLocation()) {};
            };
        }

        private static JsonNode intOrLong(JsonParser p) throws IOException {
            return switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
        }
    }
}
