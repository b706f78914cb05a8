package io.jenkins.plugins.relgov.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A SLSA provenance v1 predicate (slsa.dev/spec/v1.0/provenance): {@code buildDefinition} with
 * {@code buildType}, {@code externalParameters}, {@code internalParameters},
 * {@code resolvedDependencies}; {@code runDetails} with {@code builder.id} and {@code metadata}.
 */
public record SlsaProvenance(
        String buildType,
        JsonNode externalParameters,
        JsonNode internalParameters,
        List<InTotoStatement.Subject> resolvedDependencies,
        String builderId,
        String invocationId,
        Instant startedOn,
        Instant finishedOn) {
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SlsaProvenance {
        resolvedDependencies = List.copyOf(resolvedDependencies == null ? List.of() : resolvedDependencies);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode def = root.putObject("buildDefinition");
        def.put("buildType", buildType);
        def.set("externalParameters", externalParameters == null ? JSON.createObjectNode() : externalParameters);
        if (internalParameters != null) {
            def.set("internalParameters", internalParameters);
        }
        if (!resolvedDependencies.isEmpty()) {
            var deps = def.putArray("resolvedDependencies");
            for (var d : resolvedDependencies) {
                deps.addObject().put("name", d.name()).putObject("digest").put("sha256", d.sha256());
            }
        }
        ObjectNode run = root.putObject("runDetails");
        run.putObject("builder").put("id", builderId);
        ObjectNode meta = run.putObject("metadata");
        if (invocationId != null) {
            meta.put("invocationId", invocationId);
        }
        if (startedOn != null) {
            meta.put("startedOn", startedOn.toString());
        }
        if (finishedOn != null) {
            meta.put("finishedOn", finishedOn.toString());
        }
        return root;
    }

    public InTotoStatement statement(List<InTotoStatement.Subject> subjects) {
        return new InTotoStatement(subjects, PREDICATE_TYPE, toJson());
    }
}
