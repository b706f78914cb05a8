package io.jenkins.plugins.relgov.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads policy files (YAML, or JSON when the name ends in {@code .json}) into validated
 * {@link Policy} records. Every problem in a file is reported at once, each with
 * {@code file:line:column: field.path: message}.
 *
 * <pre>{@code
 * LoadedPolicy p = PolicyLoader.load(Path.of("policies/acme.yaml"));
 * p.policy().tier(TierKind.MAJOR); p.digest(); // sha256:...
 * }</pre>
 */
public final class PolicyLoader {

    private PolicyLoader() {}

    /**
     * Reads and validates a policy file.
     *
     * @throws PolicyException       listing every problem (or the syntax error) in the file
     * @throws UncheckedIOException  when the file cannot be read
     */
    public static LoadedPolicy load(Path file) {
        try {
            if (Files.size(file) > PolicyDocument.MAX_BYTES) {
                throw new PolicyException(
                        java.util.List.of(new PolicyProblem(
                                file.toString(),
                                0,
                                0,
                                "",
                                "policy file is larger than " + PolicyDocument.MAX_BYTES + " bytes")),
                        true);
            }
            return load(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates a policy from a stream; {@code name} is used in messages and picks the format. */
    public static LoadedPolicy load(String name, InputStream in) {
        try {
            return load(name, in.readNBytes(PolicyDocument.MAX_BYTES + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy " + name + ": " + e.getMessage(), e);
        }
    }

    /** Validates a policy given as text. */
    public static LoadedPolicy parse(String name, String text) {
        return load(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Validates a policy given as bytes (UTF-8). */
    public static LoadedPolicy load(String name, byte[] content) {
        PolicyDocument document = PolicyDocument.parse(name, content);
        Policy policy = PolicyReader.read(document);
        return new LoadedPolicy(name, policy, document.root(), PolicyDigest.of(document.root()));
    }
}
