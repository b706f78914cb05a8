package io.jenkins.plugins.relgov.policy;

import java.time.Instant;

/**
 * An accepted risk: the named check may fail until {@code expires}. Every field is mandatory, so a
 * waiver always says who accepted what and why, and never lasts forever.
 *
 * @param check      the gate check id it waives (e.g. {@code findings.critical})
 * @param acceptedBy who accepted the risk
 * @param reason     why
 * @param expires    when the waiver stops applying
 * @param reference  the acceptance-of-risk form or ticket (optional)
 */
public record Waiver(String check, String acceptedBy, String reason, Instant expires, String reference) {
    public boolean activeAt(Instant now) {
        return now.isBefore(expires);
    }
}
