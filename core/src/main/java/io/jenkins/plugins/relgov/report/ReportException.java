package io.jenkins.plugins.relgov.report;

/** A report that cannot be read: the message names the file and, when known, the line. */
public final class ReportException extends RuntimeException {
    private final String file;
    private final int line;

    public ReportException(String file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public ReportException(String file, String problem) {
        this(file, -1, problem, null);
    }

    /** The display name of the report. */
    public String file() {
        return file;
    }

    /** The line of the problem, or -1 when unknown. */
    public int line() {
        return line;
    }
}
