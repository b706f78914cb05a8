package io.jenkins.plugins.relgov.oci;

/**
 * The registry could not be read or written: unreachable, too slow, refused the credentials, or answered
 * something that is not the distribution API. Never a statement about a signature, which a reachable registry
 * either has or has not. Messages name the registry and repository, never a credential or token.
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The HTTP status that failed, or 0 when the failure was not an answer (unreachable, malformed, refused here). */
    private final int status;

    public RegistryException(String message) {
        this(message, 0);
    }

    public RegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /**
     * Whether trying again may succeed: a registry still committing a blob another writer uploaded at the same
     * moment answers 400 ({@code DIGEST_INVALID}, {@code MANIFEST_BLOB_UNKNOWN}) or 404; 409, 429 and 5xx are busy.
     */
    public boolean isTransient() {
        return status == 400 || status == 404 || status == 409 || status == 429 || status >= 500;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }
}
