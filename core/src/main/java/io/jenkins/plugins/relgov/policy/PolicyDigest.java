package io.jenkins.plugins.relgov.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.util.regex.Pattern;

/**
 * Names exactly which policy governed a release: SHA-256 over the RFC 8785 canonical JSON of the
 * policy document. Key order, indentation, comments and YAML-versus-JSON do not change it; any
 * change of a value does.
 *
 * @param hex 64 lower-case hex digits
 */
public record PolicyDigest(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public PolicyDigest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a policy digest is 64 lower-case hex digits, got '" + hex + "'");
        }
    }

    /** The digest of a parsed policy document. */
    public static PolicyDigest of(JsonNode document) {
        return new PolicyDigest(CanonicalJson.sha256Hex(document));
    }

    /** Parses the {@code sha256:<hex>} form. */
    public static PolicyDigest parse(String text) {
        if (text == null || !text.startsWith("sha256:")) {
            throw new IllegalArgumentException("a policy digest reads 'sha256:<64 hex digits>', got '" + text + "'");
        }
        return new PolicyDigest(text.substring("sha256:".length()));
    }

    /** {@code sha256:<hex>}, the form evidence records. */
    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
