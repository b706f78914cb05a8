package io.jenkins.plugins.relgov.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A private key with its public half, read from PEM PKCS#8 ({@code PRIVATE KEY}) or encrypted
 * PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, PBES2 as {@code openssl genpkey -aes-256-cbc} writes it).
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final VerificationKey publicKey;

    private SigningKey(PrivateKey privateKey, VerificationKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * A fresh key pair, for demos and tests; production keys come from a PEM file (Jenkins
     * Credentials), so their public half can be published and pinned by auditors.
     */
    public static SigningKey generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator gen;
            if (algorithm == KeyAlgorithm.ECDSA_P256) {
                gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            } else {
                gen = KeyPairGenerator.getInstance("Ed25519");
            }
            var pair = gen.generateKeyPair();
            return new SigningKey(pair.getPrivate(), VerificationKey.of(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a PEM private key; {@code password} is needed only for encrypted keys (may be null). */
    public static SigningKey read(Path pem, char[] password) {
        try {
            return parse(Files.readString(pem, StandardCharsets.US_ASCII), password, pem.toString());
        } catch (IOException e) {
            throw SigningException.at(pem, "cannot read private key: " + e.getMessage(), e);
        }
    }

    public static SigningKey parse(String pemText, char[] password, String source) {
        Pem.Block block = Pem.decode(pemText, source);
        byte[] pkcs8 =
                switch (block.label()) {
                    case "PRIVATE KEY" -> block.der();
                    case "ENCRYPTED PRIVATE KEY" -> decrypt(block.der(), password, source);
                    case "EC PRIVATE KEY" ->
                        throw SigningException.at(
                                source,
                                "SEC1 'EC PRIVATE KEY' is not supported; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
                    default ->
                        throw SigningException.at(source, "expected a PEM PRIVATE KEY block, found " + block.label());
                };
        return fromPkcs8(pkcs8, source);
    }

    private static byte[] decrypt(byte[] der, char[] password, String source) {
        if (password == null || password.length == 0) {
            throw SigningException.at(source, "the private key is encrypted; a password is required");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 the parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256.
            String scheme = info.getAlgParameters().toString();
            var secret = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw SigningException.at(
                    source, "cannot decrypt the private key (wrong password or unsupported encryption)");
        }
    }

    private static SigningKey fromPkcs8(byte[] der, String source) {
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            return halvesAgree(
                    new SigningKey(key, VerificationKey.of(ecPublic((ECPrivateKey) key, der, source))), source);
        } catch (GeneralSecurityException e) {
            // not EC
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new SigningKey(key, VerificationKey.of(edPublic((EdECPrivateKey) key)));
        } catch (GeneralSecurityException e) {
            throw SigningException.at(source, "not an ECDSA P-256 or Ed25519 PKCS#8 private key");
        }
    }

    /** openssl stores the public point in ECPrivateKey's optional [1] field; we read it from there. */
    private static PublicKey ecPublic(ECPrivateKey key, byte[] pkcs8, String source) throws GeneralSecurityException {
        List<Der> info = Der.sequence(pkcs8).get(0).children();
        byte[] ecPrivateKey = info.get(2).value;
        for (Der field : Der.sequence(ecPrivateKey).get(0).children()) {
            if (field.tag == 0xa1) {
                byte[] bits = field.children().get(0).value; // BIT STRING: unused-bits byte, then the point
                if (bits.length != 66 || bits[1] != 4) {
                    throw SigningException.at(source, "EC public point is not an uncompressed P-256 point");
                }
                var x = new BigInteger(1, Arrays.copyOfRange(bits, 2, 34));
                var y = new BigInteger(1, Arrays.copyOfRange(bits, 34, 66));
                return KeyFactory.getInstance("EC")
                        .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), key.getParams()));
            }
        }
        throw SigningException.at(
                source, "the EC private key does not carry its public key (write it with openssl genpkey)");
    }

    /**
     * The EC public key is read from the file, not derived (the JDK cannot derive it), and it is the key every signature is
     * recorded under: a file whose public half is not its private half's (damaged, or altered to name another key) is
     * refused before anything is signed, as {@code openssl pkey -check} refuses it. The check is one signature that the
     * public half must verify.
     */
    private static SigningKey halvesAgree(SigningKey key, String source) {
        byte[] probe = "relgov: the two halves of one key".getBytes(StandardCharsets.US_ASCII);
        if (!key.publicKey().verify(probe, key.sign(probe))) {
            throw SigningException.at(
                    source,
                    "the EC public key in the file does not belong to its private key (a damaged or altered key file;"
                            + " write it again with openssl genpkey)");
        }
        return key;
    }

    /** The JDK derives an Ed25519 public key only while generating; feed it the known seed. */
    private static PublicKey edPublic(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new SigningException("Ed25519 key without its seed"));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        gen.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, bytes.length);
            }
        });
        return gen.generateKeyPair().getPublic();
    }

    public VerificationKey publicKey() {
        return publicKey;
    }

    public KeyAlgorithm algorithm() {
        return publicKey.algorithm();
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = initSign(algorithm().jcaName());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException("signing failed: " + e.getMessage(), e);
        }
    }

    /** Signs a stream (ECDSA streams; the JDK buffers the message for pure Ed25519). */
    public byte[] sign(InputStream message) throws IOException {
        try {
            Signature s = initSign(algorithm().jcaName());
            byte[] buf = new byte[1 << 16];
            for (int n; (n = message.read(buf)) > 0; ) {
                s.update(buf, 0, n);
            }
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException("signing failed: " + e.getMessage(), e);
        }
    }

    /** A file's signature, with the SHA-256 and size of the bytes it covers. */
    public record FileSignature(byte[] signature, byte[] sha256, long size) {}

    /**
     * Signs a file, reading it once on the fast path ({@link FileBlocks}). ECDSA signs the file's SHA-256, as
     * SHA256withECDSA over the file would and as cosign's blob signature is, so the file is hashed once, not once for the
     * record and again inside the signature. Pure Ed25519 (RFC 8032) signs the whole message, hashing it twice with
     * SHA-512 internally; its bytes go to the signature in the same pass that computes the SHA-256, and the JDK holds the
     * message in memory until it signs (as {@code openssl pkeyutl -rawin} does).
     */
    public FileSignature sign(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try {
            if (algorithm() == KeyAlgorithm.ECDSA_P256) {
                long size = FileBlocks.feed(file, sha256, null);
                byte[] digest = sha256.digest();
                return new FileSignature(signDigest(digest), digest, size);
            }
            Signature s = initSign(algorithm().jcaName());
            try {
                long size = FileBlocks.feed(file, sha256, s);
                return new FileSignature(s.sign(), sha256.digest(), size);
            } catch (OutOfMemoryError e) { // the message held for Ed25519 is all this allocates; it is released again
                throw new SigningException(
                        file + ": too large to sign with Ed25519 in this Java's "
                                + (Runtime.getRuntime().maxMemory() >> 20)
                                + " MiB of heap: Ed25519 signs the whole message, which is"
                                + " held in memory; sign it with an ECDSA P-256 key, or give Java more memory (JAVA_OPTS=-Xmx...)");
            }
        } catch (GeneralSecurityException e) {
            throw new SigningException("signing failed: " + e.getMessage(), e);
        }
    }

    /**
     * ECDSA P-256 over a message's SHA-256 computed elsewhere: the signature SHA256withECDSA makes over the message,
     * which {@code openssl dgst -sha256 -verify} and {@link VerificationKey#verifyDigest} accept. Ed25519 has no such form.
     */
    public byte[] signDigest(byte[] sha256) {
        return digestSigner().sign(sha256);
    }

    /**
     * A signer of SHA-256 digests as {@link #signDigest} signs them, set up before the digests exist: the provider lookup
     * and the random source (which looks at every security provider) are then done while the files are still being
     * hashed, not after. It signs digest after digest, on one thread at a time.
     */
    public DigestSigner digestSigner() {
        if (algorithm() != KeyAlgorithm.ECDSA_P256) {
            throw new SigningException("Ed25519 signs the whole message, not a digest");
        }
        try {
            return new DigestSigner(initSign("NONEwithECDSA"));
        } catch (GeneralSecurityException e) {
            throw new SigningException("signing failed: " + e.getMessage(), e);
        }
    }

    /** See {@link #digestSigner()}. */
    public static final class DigestSigner {
        private final Signature signature;

        private DigestSigner(Signature signature) {
            this.signature = signature;
        }

        public byte[] sign(byte[] sha256) {
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, not " + sha256.length);
            }
            try {
                signature.update(sha256);
                return signature.sign(); // and ready for the next digest
            } catch (GeneralSecurityException e) {
                throw new SigningException("signing failed: " + e.getMessage(), e);
            }
        }
    }

    private Signature initSign(String jcaName) throws GeneralSecurityException {
        Signature s = Signature.getInstance(jcaName);
        s.initSign(privateKey);
        return s;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm() + ", " + publicKey.fingerprint() + "]"; // never the secret
    }
}
