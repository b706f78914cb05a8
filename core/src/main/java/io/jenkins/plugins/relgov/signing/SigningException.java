package io.jenkins.plugins.relgov.signing;

/**
 * A key or signature could not be read or used; the message names the source and never holds secrets. A problem
 * with a named file, bundle entry or URL keeps that place apart ({@link #where()}, {@link #what()}), so a verifier
 * can report it as a finding without cutting the message up.
 */
public class SigningException extends RuntimeException {
    private final String where;
    private final String what;

    public SigningException(String message) {
        this(null, message, null);
    }

    public SigningException(String message, Throwable cause) {
        this(null, message, cause);
    }

    private SigningException(String where, String what, Throwable cause) {
        super(where == null ? what : where + ": " + what, cause);
        this.where = where;
        this.what = what;
    }

    /** A problem in {@code where} (a file, entry or URL): the message reads "where: what". */
    static SigningException at(Object where, String what) {
        return new SigningException(String.valueOf(where), what, null);
    }

    static SigningException at(Object where, String what, Throwable cause) {
        return new SigningException(String.valueOf(where), what, cause);
    }

    /** The file, bundle entry or URL the problem is in, or null when the message names no place. */
    public String where() {
        return where;
    }

    /** The message without its place. */
    public String what() {
        return what;
    }
}
