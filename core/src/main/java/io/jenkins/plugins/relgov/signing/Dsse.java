package io.jenkins.plugins.relgov.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Dead Simple Signing Envelope v1 (github.com/secure-systems-lab/dsse): the signature covers
 * {@code PAE(payloadType, payload)}, never the JSON envelope, so its serialisation does not matter.
 */
public final class Dsse {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dsse() {}

    /** One signature: {@code keyid} is our key fingerprint (hex SHA-256 of the SPKI DER). */
    public record Sig(String keyid, byte[] sig) {}

    public record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
        public Envelope {
            payload = payload.clone();
            signatures = List.copyOf(signatures);
        }

        /** {@code {"payloadType", "payload" (base64), "signatures": [{"keyid", "sig" (base64)}]}}. */
        public String toJson() {
            ObjectNode root = JSON.createObjectNode();
            root.put("payloadType", payloadType);
            root.put("payload", Base64.getEncoder().encodeToString(payload));
            ArrayNode sigs = root.putArray("signatures");
            for (Sig s : signatures) {
                sigs.addObject()
                        .put("keyid", s.keyid())
                        .put("sig", Base64.getEncoder().encodeToString(s.sig()));
            }
            return root.toString();
        }

        public JsonNode payloadJson() {
            try {
                return JSON.readTree(payload);
            } catch (java.io.IOException e) {
                throw new SigningException("DSSE payload is not JSON: " + e.getMessage());
            }
        }

        /** True when some signature verifies with {@code key} over the PAE. */
        public boolean verifiedBy(VerificationKey key) {
            byte[] pae = pae(payloadType, payload);
            return signatures.stream().anyMatch(s -> key.verify(pae, s.sig()));
        }

        public static Envelope parse(String json, String source) {
            try {
                JsonNode root = JSON.readTree(json);
                String type = text(root, "payloadType", source);
                byte[] payload = Base64.getDecoder().decode(text(root, "payload", source));
                List<Sig> sigs = new ArrayList<>();
                JsonNode arr = root.path("signatures");
                if (!arr.isArray() || arr.isEmpty()) {
                    throw SigningException.at(source, "DSSE envelope has no signatures");
                }
                for (JsonNode s : arr) {
                    sigs.add(new Sig(
                            s.path("keyid").asText(""), Base64.getDecoder().decode(text(s, "sig", source))));
                }
                return new Envelope(type, payload, sigs);
            } catch (java.io.IOException e) {
                throw SigningException.at(source, "DSSE envelope is not JSON: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw SigningException.at(source, "DSSE envelope holds invalid base64");
            }
        }

        private static String text(JsonNode node, String field, String source) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                throw SigningException.at(source, "DSSE field '" + field + "' is missing or not a string");
            }
            return v.asText();
        }
    }

    /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths as ASCII decimal byte counts. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    public static Envelope sign(String payloadType, byte[] payload, SigningKey key) {
        byte[] sig = key.sign(pae(payloadType, payload));
        return new Envelope(
                payloadType, payload, List.of(new Sig(key.publicKey().fingerprint(), sig)));
    }
}
