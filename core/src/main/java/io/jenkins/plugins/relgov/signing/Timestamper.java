package io.jenkins.plugins.relgov.signing;

import java.io.IOException;

/** Gets an RFC 3161 time-stamp token over some bytes from a time-stamping authority. */
public interface Timestamper {

    /** Names the authority (its URL), as the evidence records it. */
    String authority();

    /**
     * The authority's DER time-stamp response granting a token whose message imprint is the SHA-256 of
     * {@code data}, already checked against the authority's trusted certificate.
     *
     * @throws IOException      when the authority cannot be reached or answers badly
     * @throws SigningException when its token does not verify
     */
    byte[] timestamp(byte[] data) throws IOException;
}
