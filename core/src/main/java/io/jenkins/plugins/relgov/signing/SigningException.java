package io.jenkins.plugins.relgov.signing;

/** A key or signature could not be read or used; the message names the source and never holds secrets. */
public class SigningException extends RuntimeException {
    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
