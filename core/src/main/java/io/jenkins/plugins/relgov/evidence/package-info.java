/**
 * Tamper-evident release evidence: the hash-chained {@link io.jenkins.plugins.relgov.evidence.Ledger},
 * evidence items mapped to compliance controls, the sealed deterministic bundle and the offline
 * {@link io.jenkins.plugins.relgov.evidence.BundleVerifier}.
 */
package io.jenkins.plugins.relgov.evidence;
