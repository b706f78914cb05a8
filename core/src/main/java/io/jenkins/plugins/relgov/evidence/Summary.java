package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The human-readable summary ({@code summary.md}) an auditor can read without any tool. It is
 * rendered only from the manifest header and the ledger, so the verifier renders it again and
 * refuses a bundle whose summary says anything the evidence does not.
 *
 * <p>A bundle's manifest names the format its summary was rendered in ({@value #FORMAT_FIELD}; absent means
 * {@value #V1}), and the verifier renders it again in that format: a summary that shows more in a later
 * version never makes a bundle sealed before it fail. Each format's rendering is frozen once released
 * (SummaryGoldenTest pins them); a new rendering is a new format.
 */
public final class Summary {
    /** The manifest field naming the summary's format. */
    public static final String FORMAT_FIELD = "summaryFormat";
    /** The first format: gates, approvals, evidence, signatures, events and the controls' evidence kinds. */
    public static final String V1 = "relgov-summary/v1";
    /** {@link #V1} plus the change record auditors sample, and each control's status with what is missing. */
    public static final String V2 = "relgov-summary/v2";
    /** The format new bundles are sealed with. */
    public static final String CURRENT = V2;

    private Summary() {}

    public static String markdown(JsonNode manifest, List<LedgerEvent> events) {
        return markdown(manifest, new LedgerView(events));
    }

    /**
     * @throws UnknownFormatException when the manifest names a format this version does not know (a bundle
     *                                sealed by a later version)
     */
    static String markdown(JsonNode manifest, LedgerView events) {
        String format = manifest.has(FORMAT_FIELD) ? LedgerView.text(manifest.get(FORMAT_FIELD)) : V1;
        var md = new StringBuilder();
        switch (format) {
            case V1 -> {
                header(md, manifest, events);
                sections(md, events);
                controlsV1(md, manifest, events);
                howToVerify(md);
            }
            case V2 -> {
                header(md, manifest, events);
                ChangeTrace trace = ChangeTrace.of(events);
                change(md, trace);
                sections(md, events);
                controlsV2(md, manifest, events, trace);
                howToVerify(md);
            }
            default -> throw new UnknownFormatException(format);
        }
        return md.toString();
    }

    /** A summary format this version cannot render: the bundle was sealed by a later version. */
    static final class UnknownFormatException extends IllegalArgumentException {
        UnknownFormatException(String format) {
            super("rendered in summary format '" + EntryNames.printable(format) + "', which this version does not know"
                    + " (it knows " + V1 + " and " + V2
                    + "): verify with the version that sealed the bundle or a later one");
        }
    }

    private static void header(StringBuilder md, JsonNode manifest, LedgerView events) {
        JsonNode rel = manifest.path("release");
        JsonNode pol = manifest.path("policy");
        JsonNode key = manifest.path("signingKey");
        md.append("# Release evidence: ")
                .append(cell(rel.path("name")))
                .append(' ')
                .append(cell(rel.path("version")))
                .append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Release", cell(rel.path("name")) + " " + cell(rel.path("version")));
        row(md, "Tier", cell(rel.path("tier")));
        row(
                md,
                "Policy",
                cell(pol.path("name")) + " (`" + cell(pol.path("path")) + "`, sha256 `" + cell(pol.path("sha256"))
                        + "`)");
        row(md, "Sealed", cell(manifest.path("sealedAt")) + " by " + cell(manifest.path("sealedBy")));
        row(
                md,
                "Signing key",
                cell(key.path("algorithm")) + ", SHA-256 fingerprint `" + cell(key.path("fingerprint")) + "`");
        row(
                md,
                "Ledger",
                events.size() + " events, head `" + cell(manifest.path("ledger").path("head")) + "`");
        row(md, "Retain until", cell(manifest.path("retentionUntil")));
        md.append('\n');
    }

    /** The change as auditors sample it: every field, a missing one said to be missing and why. */
    private static void change(StringBuilder md, ChangeTrace trace) {
        md.append("## Change record\n\n| Field | Value | Ledger seq |\n|---|---|---|\n");
        for (ChangeTrace.Field f : trace.fields()) {
            md.append("| ")
                    .append(String.join(
                            " | ",
                            f.field(),
                            cell(f.present() ? f.value() : "MISSING: " + f.missing()),
                            String.join(
                                    ", ", f.seqs().stream().map(String::valueOf).toList())))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void sections(StringBuilder md, LedgerView events) {
        section(
                md,
                "Gates",
                List.of("Gate", "Result", "Waiver", "Time", "Ledger seq"),
                events,
                EventType.GATE_EVALUATED,
                (e, p) -> List.of(
                        cell(p.path("gate")),
                        p.path("passed").asBoolean() ? "passed" : "FAILED",
                        p.path("detail").has("waiver") ? cell(p.path("detail").path("waiver")) : "",
                        e.time(),
                        String.valueOf(e.seq())));
        section(
                md,
                "Approvals",
                List.of("Role", "Approver", "Decision", "Reason", "Time", "Ledger seq"),
                events,
                EventType.APPROVAL_DECIDED,
                (e, p) -> List.of(
                        cell(p.path("role")),
                        cell(p.path("approver")),
                        cell(p.path("decision")),
                        cell(p.path("reason")),
                        e.time(),
                        String.valueOf(e.seq())));
        section(
                md,
                "Refused approval attempts",
                List.of("Role", "User", "Reason", "Time", "Ledger seq"),
                events,
                EventType.APPROVAL_REFUSED,
                (e, p) -> List.of(
                        cell(p.path("role")),
                        cell(p.path("user")),
                        cell(p.path("reason")),
                        e.time(),
                        String.valueOf(e.seq())));
        section(
                md,
                "Evidence",
                List.of("Kind", "Item", "SHA-256", "Size", "Controls", "Ledger seq"),
                events,
                EventType.EVIDENCE_RECORDED,
                (e, p) -> p.has("file")
                        ? List.of(
                                cell(p.path("kind")),
                                "`evidence/" + cell(p.path("file").path("path")) + "`",
                                "`" + cell(p.path("file").path("sha256")) + "`",
                                cell(p.path("file").path("size")),
                                joined(p.path("controls")),
                                String.valueOf(e.seq()))
                        : List.of(
                                cell(p.path("kind")),
                                "record (in the ledger)",
                                "",
                                "",
                                joined(p.path("controls")),
                                String.valueOf(e.seq())));
        section(
                md,
                "Signatures",
                List.of("Artifact", "SHA-256", "Algorithm", "Signature", "Key fingerprint", "Ledger seq"),
                events,
                EventType.ARTIFACT_SIGNED,
                (e, p) -> List.of(
                        cell(p.path("artifact")),
                        "`" + cell(p.path("sha256")) + "`",
                        cell(p.path("algorithm")),
                        "`" + cell(p.path("signature")) + "`",
                        "`" + cell(p.path("keyFingerprint")) + "`",
                        String.valueOf(e.seq())));
        if (!events.ofType(EventType.IMAGE_SIGNED).isEmpty()) { // only releases that ship images have the section
            section(
                    md,
                    "Image signatures",
                    List.of("Image", "Signature tag", "Algorithm", "Signature", "Key fingerprint", "Ledger seq"),
                    events,
                    EventType.IMAGE_SIGNED,
                    (e, p) -> List.of(
                            "`" + cell(p.path("image")) + "`",
                            "`" + cell(p.path("signatureTag")) + "`",
                            cell(p.path("algorithm")),
                            "`" + cell(p.path("signature")) + "`",
                            "`" + cell(p.path("keyFingerprint")) + "`",
                            String.valueOf(e.seq())));
        }
        section(
                md,
                "Attestations",
                List.of("File", "Predicate type", "Subjects", "Ledger seq"),
                events,
                EventType.ATTESTATION_CREATED,
                (e, p) -> List.of(
                        "`" + cell(p.path("path")) + "`",
                        cell(p.path("predicateType")),
                        String.valueOf(p.path("subjects").size()),
                        String.valueOf(e.seq())));
        for (EventType t : List.of(EventType.DEPLOYMENT, EventType.ROLLBACK, EventType.REVIEW)) {
            section(
                    md,
                    title(t),
                    List.of("Actor", "Facts", "Time", "Ledger seq"),
                    events,
                    t,
                    (e, p) -> List.of(cell(e.actor()), cell(p), e.time(), String.valueOf(e.seq())));
        }
    }

    private static void controlsV1(StringBuilder md, JsonNode manifest, LedgerView events) {
        Set<String> kinds = events.recordedKinds();
        md.append(
                "## Controls covered\n\n| Control | Framework | Title | Evidence present | Evidence missing |\n|---|---|---|---|---|\n");
        for (JsonNode c : manifest.path("controls")) {
            List<String> present = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            c.path("evidence").forEach(k -> (kinds.contains(k.asText()) ? present : missing).add(k.asText()));
            md.append("| ")
                    .append(String.join(
                            " | ",
                            cell(c.path("id")),
                            cell(c.path("framework")),
                            cell(c.path("title")),
                            String.join(", ", present),
                            String.join(", ", missing)))
                    .append(" |\n");
        }
    }

    /** Each control's status, what evidences it and what is missing, and the controls it corresponds to. */
    private static void controlsV2(StringBuilder md, JsonNode manifest, LedgerView events, ChangeTrace trace) {
        md.append("## Controls\n\n| Control | Framework | Title | Status | Evidenced by | Missing | Corresponds to |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (ReleaseStory.ControlCoverage c :
                ControlAssessment.assess(manifest.path("controls"), events, trace, Set.of(), null)) {
            String missing = String.join(
                    "; ",
                    c.missing().stream()
                            .map(m -> m.kind() + ": " + (m.why().isEmpty() ? "not recorded" : m.why()))
                            .toList());
            md.append("| ")
                    .append(String.join(
                            " | ",
                            cell(c.id()),
                            cell(c.framework()),
                            cell(c.title()),
                            c.status().replace('_', ' '),
                            cell(c.presentText()),
                            cell(missing),
                            cell(String.join(", ", c.crosswalk()))))
                    .append(" |\n");
        }
    }

    private static void howToVerify(StringBuilder md) {
        md.append("\n## How to verify\n\n")
                .append(
                        "Run `relgov verify <this zip> --key <trusted public key.pem>`; it checks the hash chain of `ledger.jsonl`, ")
                .append(
                        "every file digest in `manifest.json`, the signature on `seal.json` (the ledger head and the manifest digest) ")
                .append(
                        "and every artifact signature and attestation. See docs/auditor-guide.md for checking by hand with openssl.\n");
    }

    private interface Row {
        List<String> cells(LedgerEvent e, JsonNode payload);
    }

    private static void section(
            StringBuilder md, String title, List<String> header, LedgerView events, EventType type, Row row) {
        md.append("## ").append(title).append("\n\n");
        List<LedgerEvent> matching = events.ofType(type);
        if (matching.isEmpty()) {
            md.append("None recorded.\n\n");
            return;
        }
        md.append("| ")
                .append(String.join(" | ", header))
                .append(" |\n|")
                .append("---|".repeat(header.size()))
                .append('\n');
        for (LedgerEvent e : matching) {
            md.append("| ")
                    .append(String.join(" | ", row.cells(e, e.payload())))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String title(EventType t) {
        Map<EventType, String> titles = new LinkedHashMap<>();
        titles.put(EventType.DEPLOYMENT, "Deployments");
        titles.put(EventType.ROLLBACK, "Rollbacks");
        titles.put(EventType.REVIEW, "Reviews");
        return titles.get(t);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String joined(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(cell(n)));
        return String.join(", ", out);
    }

    /**
     * A table cell: one line, pipes and backticks escaped so recorded text cannot reshape the table.
     * Objects in canonical form ({@link LedgerView#text}): the ledger stores them with sorted keys, and
     * the verifier renders again from it.
     */
    static String cell(JsonNode n) {
        return cell(LedgerView.text(n));
    }

    static String cell(String s) {
        if (isPlainCell(s)) {
            return s; // the usual case (names, digests, times): nothing to escape, no six passes over it
        }
        return s.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("`", "\\`")
                .replace("<", "&lt;")
                .replace("\r", " ")
                .replace("\n", " ");
    }

    private static boolean isPlainCell(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '\\', '|', '`', '<', '\r', '\n' -> {
                    return false;
                }
                default -> {}
            }
        }
        return true;
    }
}
