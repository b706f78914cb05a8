package io.jenkins.plugins.relgov.approval;

/** The rules' answer to one attempt: where it would count, or why it is refused. */
record Verdict(String role, String via, Review.Kind review, RefusalReason reason, String message) {

    static Verdict ok(String role, String via) {
        return new Verdict(role, via, null, null, null);
    }

    static Verdict ok(Review.Kind review, String role, String via) {
        return new Verdict(role, via, review, null, null);
    }

    static Verdict no(RefusalReason reason, String message) {
        return new Verdict(null, null, null, reason, message);
    }

    boolean accepted() {
        return reason == null;
    }
}
