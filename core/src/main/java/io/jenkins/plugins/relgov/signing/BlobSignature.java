package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A detached signature in the format {@code cosign sign-blob --key} writes: the base64 of the raw
 * signature bytes (DER for ECDSA, 64 bytes for Ed25519), no newline. After base64 decoding, openssl
 * verifies it: {@code openssl dgst -sha256 -verify pub.pem -signature sig.der FILE} (ECDSA) or
 * {@code openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in FILE -sigfile sig.raw} (Ed25519).
 */
public final class BlobSignature {
    private BlobSignature() {}

    /** Signs {@code file} and writes {@code file.sig} as {@link SignatureFiles} does; returns the signature file. */
    public static Path signFile(SigningKey key, Path file) throws IOException {
        return SignatureFiles.signAll(key, List.of(file)).get(0);
    }

    public static String encode(byte[] signature) {
        return Base64.getEncoder().encodeToString(signature);
    }

    /**
     * Decodes the text of a .sig file (surrounding whitespace allowed); {@code source} names it in errors.
     * An empty file is refused: zero bytes are no signature, and a caller must never read them as "nothing to check".
     */
    public static byte[] decode(String text, String source) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw SigningException.at(source, "not a base64 signature");
        }
        if (sig.length == 0) {
            throw SigningException.at(source, "empty, not a signature");
        }
        return sig;
    }
}
