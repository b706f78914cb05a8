package io.jenkins.plugins.relgov.report;

/**
 * One finding of a scan report, as a parser counts it.
 *
 * @param id       the rule or vulnerability id ({@code CVE-2020-1747}, {@code CKV_AWS_20}, a CodeQL rule)
 * @param severity as the gate counts it
 * @param where    the file, package or target it was found in, or null
 */
public record ScanFinding(String id, Severity severity, String where) implements java.io.Serializable {}
