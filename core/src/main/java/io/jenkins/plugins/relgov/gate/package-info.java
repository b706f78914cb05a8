/**
 * The release gate: the policy's pre-deploy checks (tests, coverage, findings, freeze windows, branch rule,
 * required evidence) evaluated against parsed reports into a {@link io.jenkins.plugins.relgov.gate.GateResult},
 * with waivers and re-evaluation until a timeout.
 */
package io.jenkins.plugins.relgov.gate;
