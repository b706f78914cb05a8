package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * A public key (PEM {@code PUBLIC KEY}, SubjectPublicKeyInfo: the format cosign and openssl write).
 * Its fingerprint is the hex SHA-256 of the SPKI DER, the same as
 * {@code openssl pkey -pubin -in pub.pem -outform DER | sha256sum}.
 */
public record VerificationKey(PublicKey key, KeyAlgorithm algorithm) {

    public static VerificationKey of(PublicKey key) {
        return new VerificationKey(key, KeyAlgorithm.of(key));
    }

    public static VerificationKey read(Path pem) {
        try {
            return parse(Files.readString(pem, StandardCharsets.US_ASCII), pem.toString());
        } catch (IOException e) {
            throw SigningException.at(pem, "cannot read public key: " + e.getMessage(), e);
        }
    }

    public static VerificationKey parse(String pemText, String source) {
        Pem.Block block = Pem.decode(pemText, source);
        if (!block.label().equals("PUBLIC KEY")) {
            throw SigningException.at(source, "expected a PEM PUBLIC KEY block, found " + block.label());
        }
        return fromSpki(block.der(), source);
    }

    static VerificationKey fromSpki(byte[] der, String source) {
        for (String alg : new String[] {"EC", "Ed25519"}) {
            try {
                return of(KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw SigningException.at(source, "not an ECDSA P-256 or Ed25519 public key");
    }

    public byte[] spki() {
        return key.getEncoded();
    }

    public String toPem() {
        return Pem.encode("PUBLIC KEY", spki());
    }

    /** Hex SHA-256 of the SPKI DER. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName());
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // malformed signature bytes: not valid
        }
    }

    public boolean verify(InputStream message, byte[] signature) throws IOException {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName());
            s.initVerify(key);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = message.read(buf)) > 0; ) {
                s.update(buf, 0, n);
            }
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Verifies an ECDSA signature from the message's SHA-256 alone, so an artifact's signature can be
     * checked from its recorded digest without the artifact. Ed25519 signs the whole message and cannot.
     */
    public boolean verifyDigest(byte[] sha256, byte[] signature) {
        if (algorithm != KeyAlgorithm.ECDSA_P256) {
            throw new SigningException("Ed25519 signatures can only be verified over the message itself");
        }
        try {
            Signature s = Signature.getInstance("NONEwithECDSA");
            s.initVerify(key);
            s.update(sha256);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
