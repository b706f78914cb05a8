package io.jenkins.plugins.relgov.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.report.TestResults;
import java.util.List;

/**
 * An in-toto test-result predicate v0.1 (github.com/in-toto/attestation, spec/predicates/test-result.md):
 * {@code result} (PASSED or FAILED), {@code configuration} (the test reports the gate read, by digest),
 * {@code url}, and {@code failedTests}, given only when every failed test's name is known: the report parsers
 * keep the first {@value TestResults#KEEP}, and a partial list would read as "these and no others failed".
 */
public record TestResultPredicate(TestResults results, List<InTotoStatement.Subject> configuration, String url) {
    public static final String PREDICATE_TYPE = "https://in-toto.io/attestation/test-result/v0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TestResultPredicate {
        configuration = List.copyOf(configuration);
    }

    public String result() {
        return results.failures() + results.errors() == 0 ? "PASSED" : "FAILED";
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("result", result());
        ArrayNode config = root.putArray("configuration");
        for (var c : configuration) {
            config.addObject().put("name", c.name()).putObject("digest").put("sha256", c.sha256());
        }
        if (url != null) {
            root.put("url", url);
        }
        if (results.failing().size() == results.failures() + results.errors()) {
            ArrayNode failed = root.putArray("failedTests");
            results.failing().forEach(failed::add);
        }
        return root;
    }

    public InTotoStatement statement(List<InTotoStatement.Subject> subjects) {
        return new InTotoStatement(subjects, PREDICATE_TYPE, toJson());
    }
}
