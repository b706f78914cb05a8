package io.jenkins.plugins.relgov.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigstore bundle v0.3 ({@value #MEDIA_TYPE}) for a key-based signature: the verification material is a
 * public-key hint (our key fingerprint), with no certificate and no transparency-log entry, optionally with
 * RFC 3161 timestamps over the signature. Its content is either a message signature (a blob: its SHA-256 and
 * the same signature bytes as the cosign {@code .sig} file) or the DSSE envelope of an attestation, unchanged.
 * Standard verifiers (cosign, sigstore-go, sigstore-js) check it offline given the public key for the hint.
 *
 * <p>The JSON is the protobuf-specs JSON form (camelCase fields, bytes in standard base64), written in a fixed
 * field order so that the same signature always gives the same bytes.
 *
 * @param keyHint    the fingerprint of the key that signed (hex SHA-256 of its SPKI DER)
 * @param sha256     the signed blob's SHA-256, or null for a DSSE bundle
 * @param signature  the blob signature, or null for a DSSE bundle
 * @param envelope   the DSSE envelope, or null for a blob bundle
 * @param timestamps DER RFC 3161 time-stamp responses over the signature bytes (Sigstore's {@code signedTimestamp})
 */
public record SigstoreBundle(
        String keyHint, byte[] sha256, byte[] signature, Dsse.Envelope envelope, List<byte[]> timestamps) {
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    /** The conventional file name suffix ({@code cosign sign-blob --bundle} writes {@code FILE.sigstore.json}). */
    public static final String SUFFIX = ".sigstore.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public SigstoreBundle {
        if ((envelope == null) == (signature == null)) {
            throw new IllegalArgumentException(
                    "a Sigstore bundle holds a message signature or a DSSE envelope, not both");
        }
        if (envelope != null && envelope.signatures().size() != 1) {
            throw new IllegalArgumentException("a Sigstore bundle's DSSE envelope carries exactly one signature");
        }
        if (signature != null && (sha256 == null || sha256.length != 32)) {
            throw new IllegalArgumentException("a message signature needs the blob's 32-byte SHA-256");
        }
        sha256 = sha256 == null ? null : sha256.clone();
        signature = signature == null ? null : signature.clone();
        timestamps = timestamps.stream().map(byte[]::clone).toList();
    }

    /** A blob's signature ({@code sha256} of the blob, the raw signature bytes). */
    public static SigstoreBundle ofBlob(String keyHint, byte[] sha256, byte[] signature) {
        return new SigstoreBundle(keyHint, sha256, signature, null, List.of());
    }

    /** An attestation: the DSSE envelope, as signed. */
    public static SigstoreBundle ofEnvelope(String keyHint, Dsse.Envelope envelope) {
        return new SigstoreBundle(keyHint, null, null, envelope, List.of());
    }

    /** The same bundle carrying one more RFC 3161 time-stamp response (DER) over {@link #signatureBytes()}. */
    public SigstoreBundle withTimestamp(byte[] token) {
        List<byte[]> all = new ArrayList<>(timestamps);
        all.add(token);
        return new SigstoreBundle(keyHint, sha256, signature, envelope, all);
    }

    /** What a timestamp covers: the message signature, or the envelope's one signature. */
    public byte[] signatureBytes() {
        return signature != null
                ? signature.clone()
                : envelope.signatures().get(0).sig().clone();
    }

    public boolean isDsse() {
        return envelope != null;
    }

    public String toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", MEDIA_TYPE);
        ObjectNode material = root.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", keyHint);
        material.putArray("tlogEntries");
        if (!timestamps.isEmpty()) {
            ArrayNode tokens = material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
            timestamps.forEach(t -> tokens.addObject().put("signedTimestamp", b64.encodeToString(t)));
        }
        if (signature != null) {
            ObjectNode message = root.putObject("messageSignature");
            message.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", b64.encodeToString(sha256));
            message.put("signature", b64.encodeToString(signature));
        } else {
            ObjectNode dsse = root.putObject("dsseEnvelope");
            dsse.put("payload", b64.encodeToString(envelope.payload())).put("payloadType", envelope.payloadType());
            Dsse.Sig s = envelope.signatures().get(0);
            dsse.putArray("signatures")
                    .addObject()
                    .put("sig", b64.encodeToString(s.sig()))
                    .put("keyid", s.keyid());
        }
        return root.toString();
    }

    /**
     * Reads a key-based v0.3 bundle; {@code source} names it in errors. Anything else (another media type, a
     * certificate, transparency-log entries, no content) is refused: relgov writes only this shape.
     */
    public static SigstoreBundle parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw SigningException.at(source, "not JSON");
        }
        if (root == null || !root.isObject()) {
            throw SigningException.at(source, "not a JSON object");
        }
        if (!MEDIA_TYPE.equals(root.path("mediaType").asText())) {
            throw SigningException.at(source, "mediaType is not " + MEDIA_TYPE);
        }
        JsonNode material = root.path("verificationMaterial");
        String hint = material.path("publicKey").path("hint").asText("");
        if (hint.isEmpty()) {
            throw SigningException.at(
                    source, "verificationMaterial.publicKey.hint is missing (relgov bundles are key-based)");
        }
        if (!material.path("tlogEntries").isArray()
                || !material.path("tlogEntries").isEmpty()) {
            throw SigningException.at(
                    source, "verificationMaterial.tlogEntries must be an empty array (no transparency log)");
        }
        try {
            List<byte[]> tokens = new ArrayList<>();
            for (JsonNode t : material.path("timestampVerificationData").path("rfc3161Timestamps")) {
                tokens.add(bytes(t, "signedTimestamp", source));
            }
            JsonNode message = root.get("messageSignature");
            JsonNode dsse = root.get("dsseEnvelope");
            if ((message == null) == (dsse == null)) {
                throw SigningException.at(source, "needs exactly one of messageSignature and dsseEnvelope");
            }
            if (message != null) {
                JsonNode digest = message.path("messageDigest");
                if (!"SHA2_256".equals(digest.path("algorithm").asText())) {
                    throw SigningException.at(source, "messageDigest.algorithm is not SHA2_256");
                }
                byte[] sha = bytes(digest, "digest", source);
                if (sha.length != 32) {
                    throw SigningException.at(source, "messageDigest.digest is not 32 bytes");
                }
                return new SigstoreBundle(hint, sha, bytes(message, "signature", source), null, tokens);
            }
            JsonNode sigs = dsse.path("signatures");
            if (!sigs.isArray() || sigs.size() != 1) {
                throw SigningException.at(source, "dsseEnvelope must carry exactly one signature");
            }
            JsonNode type = dsse.get("payloadType");
            if (type == null || !type.isTextual()) {
                throw SigningException.at(source, "dsseEnvelope.payloadType is missing");
            }
            Dsse.Envelope env = new Dsse.Envelope(
                    type.asText(),
                    bytes(dsse, "payload", source),
                    List.of(new Dsse.Sig(sigs.get(0).path("keyid").asText(""), bytes(sigs.get(0), "sig", source))));
            return new SigstoreBundle(hint, null, null, env, tokens);
        } catch (IllegalArgumentException e) {
            throw SigningException.at(source, String.valueOf(e.getMessage()));
        }
    }

    private static byte[] bytes(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw SigningException.at(source, "field '" + field + "' is missing or not a base64 string");
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw SigningException.at(source, "field '" + field + "' is not base64");
        }
    }

    /** Same content and timestamps; records compare arrays by identity, so this compares their bytes. */
    public boolean sameAs(SigstoreBundle o) {
        return toJson().equals(o.toJson());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigstoreBundle b && sameAs(b);
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "SigstoreBundle[" + (isDsse() ? "dsse " + envelope.payloadType() : "blob") + ", key " + keyHint + ", "
                + timestamps.size() + " timestamp(s)]";
    }
}
