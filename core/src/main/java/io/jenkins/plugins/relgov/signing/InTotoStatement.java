package io.jenkins.plugins.relgov.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An in-toto Statement v1 (github.com/in-toto/attestation, spec/v1/statement.md): what was
 * produced (subjects with SHA-256 digests) and a typed predicate about it.
 */
public record InTotoStatement(List<Subject> subjects, String predicateType, JsonNode predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An artifact: its name and lowercase hex SHA-256. */
    public record Subject(String name, String sha256) {}

    public InTotoStatement {
        subjects = List.copyOf(subjects);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("an in-toto statement needs at least one subject");
        }
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("_type", TYPE);
        var subj = root.putArray("subject");
        for (Subject s : subjects) {
            subj.addObject().put("name", s.name()).putObject("digest").put("sha256", s.sha256());
        }
        root.put("predicateType", predicateType);
        root.set("predicate", predicate);
        return root;
    }

    public byte[] toBytes() {
        return toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The statement as a DSSE envelope signed with {@code key}. */
    public Dsse.Envelope sign(SigningKey key) {
        return Dsse.sign(PAYLOAD_TYPE, toBytes(), key);
    }
}
