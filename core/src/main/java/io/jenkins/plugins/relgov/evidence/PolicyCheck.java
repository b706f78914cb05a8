package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.policy.LoadedPolicy;

/** With a policy given: the ledger's approvals, gates and evidence satisfy the release tier's rules ({@link PolicyCompliance}). */
final class PolicyCheck implements BundleCheck {

    @Override
    public String id() {
        return "policy";
    }

    @Override
    public String label(Verification v) {
        LoadedPolicy p = v.options.policy();
        return p == null ? "policy" : "policy " + p.policy().name() + " (" + p.digest() + ")";
    }

    @Override
    public String cannotRun(Verification v) {
        if (v.options.policy() == null) {
            return "no --policy given: approvals and required evidence were not checked against a policy";
        }
        return BundleCheck.super.cannotRun(v);
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        LoadedPolicy supplied = v.options.policy();
        findings.problems(PolicyCompliance.check(supplied.policy(), v.ledger));
        ReleaseStarted started = v.ledger.started();
        String governed = started == null ? "" : started.policyDigest();
        if (!governed.equals(supplied.digest().toString())) {
            findings.warn(
                    "--policy",
                    "the release was governed by policy " + governed + "; checked against the supplied "
                            + supplied.digest());
        }
        String environment = started == null ? null : started.environment();
        return supplied.policy().requiresApproval(environment)
                ? "approvals and required evidence satisfied"
                : "no sign-off required (" + environment + " promotes automatically); required evidence satisfied";
    }
}
