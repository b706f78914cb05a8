package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the verifier found: each check with its status and findings, the overall result, and (when the
 * bundle's integrity holds) the story of the release it records.
 */
public final class VerificationReport {
    /** Problems the console shows per check; the rest are counted by message (all are in {@link #checks()}). */
    static final int SHOWN_PER_CHECK = 20;

    /** The overall result. */
    public enum Result {
        /** intact, and sealed by the key the auditor trusts (and, with a policy, compliant) */
        VALID,
        /** intact as far as the key inside the bundle shows; without a trusted key nothing shows who sealed it */
        SIGNER_NOT_ESTABLISHED,
        /** at least one problem */
        INVALID
    }

    private final String bundle;
    private final List<CheckOutcome> checks;
    private final String keyFingerprint;
    private final boolean keyTrusted;
    private final ReleaseStory story;
    /** The manifest as read (null when unreadable), for exports of a verified bundle ({@link OscalAssessmentResults}). */
    final JsonNode manifest;
    /** Every file of the bundle with its SHA-256 and size, in the zip's order. */
    final Map<String, BundleContents.Read> files;

    VerificationReport(
            String bundle, List<CheckOutcome> checks, String keyFingerprint, boolean keyTrusted, ReleaseStory story) {
        this(bundle, checks, keyFingerprint, keyTrusted, story, null, Map.of());
    }

    VerificationReport(
            String bundle,
            List<CheckOutcome> checks,
            String keyFingerprint,
            boolean keyTrusted,
            ReleaseStory story,
            JsonNode manifest,
            Map<String, BundleContents.Read> files) {
        this.bundle = bundle;
        this.checks = List.copyOf(checks);
        this.keyFingerprint = keyFingerprint;
        this.keyTrusted = keyTrusted;
        this.story = story;
        this.manifest = manifest;
        this.files = files;
    }

    /** The bundle's file name. */
    public String bundle() {
        return bundle;
    }

    /** Every check, in the order run, with its status, message and findings. */
    public List<CheckOutcome> checks() {
        return checks;
    }

    public Result result() {
        if (!intact()) {
            return Result.INVALID;
        }
        return keyTrusted ? Result.VALID : Result.SIGNER_NOT_ESTABLISHED;
    }

    /** Valid: no problem, and the seal verified with the auditor's key. An intact bundle checked only with its own key is not valid. */
    public boolean valid() {
        return result() == Result.VALID;
    }

    /** No problem was found (with whichever key was used). */
    public boolean intact() {
        return checks.stream().allMatch(c -> c.problems().isEmpty());
    }

    /** The fingerprint of the key signatures were checked with, or null when there was none. */
    public String keyFingerprint() {
        return keyFingerprint;
    }

    /** Whether that key is the auditor's (--key) rather than the bundle's own. */
    public boolean keyTrusted() {
        return keyTrusted;
    }

    /** What the release's ledger records, told for an auditor; null unless the bundle's integrity holds. */
    public ReleaseStory story() {
        return story;
    }

    public List<Finding> problems() {
        return checks.stream().flatMap(c -> c.problems().stream()).toList();
    }

    /** Warnings as "where: what". */
    public List<String> warnings() {
        return checks.stream()
                .flatMap(c -> c.warnings().stream())
                .map(Finding::toString)
                .toList();
    }

    /** The passed checks as the console says them, e.g. "ledger: 11 events, hash chain intact, head …". */
    public List<String> checked() {
        return checks.stream()
                .filter(c -> c.status() == CheckOutcome.Status.PASSED)
                .map(CheckOutcome::line)
                .toList();
    }

    /** The last line: the result and what it rests on. */
    public String verdict() {
        return switch (result()) {
            case VALID ->
                "VALID: the evidence is intact and sealed by the trusted key " + keyFingerprint
                        + checks.stream()
                                .filter(c -> c.id().equals("policy") && c.status() == CheckOutcome.Status.PASSED)
                                .map(c -> "; " + c.label() + " is satisfied")
                                .findFirst()
                                .orElse("; approvals and evidence were not checked against a policy (--policy)");
            case SIGNER_NOT_ESTABLISHED ->
                "INTACT, SIGNER NOT ESTABLISHED: the bundle is consistent with the key it carries (" + keyFingerprint
                        + "), but no trusted key was given (--key), so nothing shows who sealed it";
            case INVALID ->
                String.format(Locale.ROOT, "INVALID: %,d problem(s)", problems().size());
        };
    }

    /**
     * A plain-text report for the console: without a trusted key the first line says so; then one line
     * per check, warning and problem (at most {@value #SHOWN_PER_CHECK} problems per check, the rest
     * counted); the release's story; the verdict last.
     */
    public String render() {
        var out = new ArrayList<String>();
        if (result() == Result.SIGNER_NOT_ESTABLISHED) {
            out.add(verdict());
        }
        for (CheckOutcome c : checks) {
            switch (c.status()) {
                case PASSED -> out.add("ok       " + c.line());
                case SKIPPED -> out.add("skipped  " + c.line());
                case FAILED -> {}
            }
            c.warnings().forEach(w -> out.add("warning  " + w));
            List<Finding> problems = c.problems();
            problems.stream().limit(SHOWN_PER_CHECK).forEach(p -> out.add("INVALID  " + p));
            if (problems.size() > SHOWN_PER_CHECK) {
                out.add("INVALID  " + c.label() + ": "
                        + moreProblems(problems.subList(SHOWN_PER_CHECK, problems.size())));
            }
        }
        if (story != null) {
            out.add("");
            out.addAll(story.lines());
            out.add("");
        }
        out.add(verdict());
        var sb = new StringBuilder();
        out.forEach(line -> sb.append(printable(line)).append('\n'));
        return sb.toString();
    }

    /** "and 2,980 more problems not shown …: in the bundle but not listed in manifest.json (2,980)", the three commonest named. */
    private static String moreProblems(List<Finding> hidden) {
        Map<String, Integer> byWhat = new LinkedHashMap<>();
        hidden.forEach(f -> byWhat.merge(f.what(), 1, Integer::sum));
        List<Map.Entry<String, Integer>> commonest = byWhat.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(3)
                .toList();
        int named = commonest.stream().mapToInt(Map.Entry::getValue).sum();
        return String.format(
                Locale.ROOT,
                "and %,d more problems not shown (--json lists them all): %s%s",
                hidden.size(),
                String.join(
                        "; ",
                        commonest.stream()
                                .map(e -> String.format(Locale.ROOT, "%s (%,d)", e.getKey(), e.getValue()))
                                .toList()),
                named < hidden.size()
                        ? String.format(Locale.ROOT, "; %,d with other messages", hidden.size() - named)
                        : "");
    }

    /**
     * Recorded text may hold control characters or bidirectional overrides; a console line shows them
     * escaped, so a terminal never obeys them and a line never reads other than it is.
     */
    static String printable(String line) {
        var sb = new StringBuilder(line.length());
        line.codePoints().forEach(c -> {
            boolean control = c < 0x20 || c >= 0x7f && c < 0xa0;
            boolean bidi = c == 0x200e || c == 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
            if (control || bidi) {
                sb.append(c <= 0xff ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
