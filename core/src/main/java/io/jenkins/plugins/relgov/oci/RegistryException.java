package io.jenkins.plugins.relgov.oci;

/**
 * The registry could not be read or written: unreachable, too slow, refused the credentials, or answered
 * something that is not the distribution API. Never a statement about a signature, which a reachable registry
 * either has or has not. Messages name the registry and repository, never a credential or token.
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
