package io.jenkins.plugins.relgov.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * An RFC 3161 time-stamp token (CMS SignedData around a TSTInfo), held in the DER time-stamp response
 * ({@code TimeStampResp}: status and token) that the authority answered: the form a Sigstore bundle carries as
 * {@code signedTimestamp} and {@code openssl ts -verify -in} reads. Parsing and the CMS signature check are
 * BouncyCastle's; the certificate path to the authority the caller trusts is the JDK's PKIX validation at the
 * token's time.
 */
public final class TimestampToken {
    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter();
    private final TimeStampToken token;
    private final byte[] der;

    private TimestampToken(TimeStampToken token, byte[] der) {
        this.token = token;
        this.der = der;
    }

    /** Reads a DER time-stamp response that grants a token; {@code source} names it in errors. */
    public static TimestampToken parse(byte[] der, String source) {
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(der);
        } catch (TSPException | IOException | IllegalArgumentException | ClassCastException e) {
            throw SigningException.at(source, "not an RFC 3161 time-stamp response (" + e.getMessage() + ")");
        }
        if (response.getTimeStampToken() == null) {
            throw SigningException.at(
                    source, "the time-stamp response holds no token (status " + response.getStatus() + ")");
        }
        return new TimestampToken(response.getTimeStampToken(), der.clone());
    }

    /** The DER time-stamp response. */
    public byte[] der() {
        return der.clone();
    }

    /** When the authority says it saw the data. */
    public Instant time() {
        return token.getTimeStampInfo().getGenTime().toInstant();
    }

    /** The authority's name as the token states it (its {@code tsa} field), else the signing certificate's subject. */
    public String authority() {
        if (token.getTimeStampInfo().getTsa() != null) {
            return token.getTimeStampInfo().getTsa().getName().toString();
        }
        X509CertificateHolder cert = signerCertificate();
        return cert == null ? "(unnamed)" : cert.getSubject().toString();
    }

    public java.math.BigInteger serialNumber() {
        return token.getTimeStampInfo().getSerialNumber();
    }

    /** The nonce the token echoes, or null. */
    java.math.BigInteger nonce() {
        return token.getTimeStampInfo().getNonce();
    }

    /** True when the token's message imprint is the SHA-256 (or SHA-384/512, as stated) of {@code data}. */
    public boolean covers(byte[] data) {
        var alg = token.getTimeStampInfo().getMessageImprintAlgOID();
        String name;
        if (alg.equals(NISTObjectIdentifiers.id_sha256)) {
            name = "SHA-256";
        } else if (alg.equals(NISTObjectIdentifiers.id_sha384)) {
            name = "SHA-384";
        } else if (alg.equals(NISTObjectIdentifiers.id_sha512)) {
            name = "SHA-512";
        } else {
            return false; // SHA-1 and others: not accepted as evidence
        }
        try {
            return MessageDigest.isEqual(
                    MessageDigest.getInstance(name).digest(data),
                    token.getTimeStampInfo().getMessageImprintDigest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509CertificateHolder signerCertificate() {
        @SuppressWarnings("unchecked")
        var matches = token.getCertificates().getMatches(token.getSID());
        return matches.isEmpty()
                ? null
                : (X509CertificateHolder) matches.iterator().next();
    }

    /**
     * Checks the token over {@code data} and against the certificates the verifier trusts: the imprint is the
     * data's digest; the CMS signature verifies with the signing certificate, which the token's signed
     * attributes name, which is valid at the token's time and is for time stamping only (RFC 3161 2.3); and that
     * certificate is one of {@code trusted} or chains to one of them at the token's time.
     *
     * @param trusted the authority's certificate or the CA certificates the verifier trusts
     * @param source  names the token in errors
     * @throws SigningException saying what does not hold
     */
    public void verify(byte[] data, List<X509Certificate> trusted, String source) {
        if (!covers(data)) {
            throw SigningException.at(source, "the time-stamp token is not over this data (message imprint differs)");
        }
        X509Certificate signer = signer(trusted, source);
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
        } catch (TSPException | OperatorCreationException | RuntimeException e) {
            throw SigningException.at(
                    source,
                    "the time-stamp token does not verify with " + signer.getSubjectX500Principal() + ": "
                            + e.getMessage());
        }
        if (trusted.stream().noneMatch(t -> Arrays.equals(encoded(t), encoded(signer)))) {
            chain(signer, trusted, source);
        }
    }

    /** Verifies without a trusted certificate: only that the token is intact and signed by the certificate it carries. */
    public String verifyIntegrity(byte[] data, String source) {
        X509CertificateHolder holder = signerCertificate();
        if (holder == null) {
            throw SigningException.at(
                    source,
                    "the token carries no signing certificate; a trusted TSA certificate is needed to check it");
        }
        X509Certificate cert = convert(holder, source);
        verify(data, List.of(cert), source);
        return cert.getSubjectX500Principal().toString();
    }

    private X509Certificate signer(List<X509Certificate> trusted, String source) {
        X509CertificateHolder inToken = signerCertificate();
        if (inToken != null) {
            return convert(inToken, source);
        }
        // the token may omit its certificate (certReq false): then it must be one the verifier gave
        for (X509Certificate t : trusted) {
            if (token.getSID().match(holder(t))) {
                return t;
            }
        }
        throw SigningException.at(
                source, "the token names a signing certificate that neither it nor the trusted certificates hold");
    }

    private void chain(X509Certificate signer, List<X509Certificate> trusted, String source) {
        Set<TrustAnchor> anchors = new HashSet<>();
        trusted.forEach(t -> anchors.add(new TrustAnchor(t, null)));
        List<Object> pool = new ArrayList<>(trusted);
        pool.add(signer);
        for (Object h : token.getCertificates().getMatches(null)) {
            pool.add(convert((X509CertificateHolder) h, source));
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            params.setRevocationEnabled(false); // offline, years later: no OCSP or CRL can be asked
            params.setDate(Date.from(time()));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw SigningException.at(
                    source,
                    "the time-stamping authority " + signer.getSubjectX500Principal()
                            + " is not one you trust: no valid certificate path to the trusted TSA certificate(s) at "
                            + time() + " (" + e.getMessage() + ")");
        }
    }

    private static X509Certificate convert(X509CertificateHolder holder, String source) {
        try {
            return CERTS.getCertificate(holder);
        } catch (CertificateException e) {
            throw SigningException.at(source, "a certificate in the token cannot be read: " + e.getMessage());
        }
    }

    private static X509CertificateHolder holder(X509Certificate c) {
        try {
            return new X509CertificateHolder(c.getEncoded());
        } catch (CertificateException | IOException e) {
            throw new SigningException("unreadable certificate: " + e.getMessage());
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateException e) {
            return new byte[0];
        }
    }

    /** Reads the PEM certificates of a file's text (one or more {@code CERTIFICATE} blocks); {@code source} names it. */
    public static List<X509Certificate> certificates(byte[] pem, String source) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw SigningException.at(source, "no PEM CERTIFICATE found");
            }
            return out;
        } catch (CertificateException e) {
            throw SigningException.at(source, "not PEM X.509 certificates (" + e.getMessage() + ")");
        }
    }
}
