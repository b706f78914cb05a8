package io.jenkins.plugins.relgov.signing;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;

/** The signature schemes we sign with; both are what cosign and openssl use for blob signatures. */
public enum KeyAlgorithm {
    /** ECDSA over P-256 with SHA-256; signatures are ASN.1 DER. */
    ECDSA_P256("SHA256withECDSA"),
    /** Pure Ed25519 over the whole message; signatures are the raw 64 bytes. */
    ED25519("Ed25519");

    private final String jcaName;

    KeyAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    public String jcaName() {
        return jcaName;
    }

    static KeyAlgorithm of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new SigningException("only the P-256 curve is supported for ECDSA keys");
            }
            return ECDSA_P256;
        }
        if (key instanceof EdECPublicKey ed && "Ed25519".equals(ed.getParams().getName())) {
            return ED25519;
        }
        throw new SigningException("unsupported key type " + key.getAlgorithm() + " (use ECDSA P-256 or Ed25519)");
    }
}
