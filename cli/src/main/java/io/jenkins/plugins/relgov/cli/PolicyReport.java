package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.policy.ApprovalRule;
import io.jenkins.plugins.relgov.policy.Durations;
import io.jenkins.plugins.relgov.policy.FreezeWindow;
import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.MetricRule;
import io.jenkins.plugins.relgov.policy.Phase;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PostHocReview;
import io.jenkins.plugins.relgov.policy.Role;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties;
import io.jenkins.plugins.relgov.policy.Threshold;
import io.jenkins.plugins.relgov.policy.Tier;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A policy as readable text, the form {@code relgov policy show} prints. */
final class PolicyReport {

    private final StringBuilder out = new StringBuilder();

    private PolicyReport() {}

    static String render(LoadedPolicy loaded) {
        return new PolicyReport().policy(loaded).out.toString();
    }

    private PolicyReport line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    private PolicyReport policy(LoadedPolicy loaded) {
        Policy p = loaded.policy();
        line("Policy %s%s", p.name(), p.title() == null ? "" : ": " + p.title());
        line("  source  %s", loaded.source());
        line("  digest  %s", loaded.digest());

        line("%nRoles");
        for (Role r : p.roles().values()) {
            line("  %-22s %s%s", r.name(), members(r), r.description() == null ? "" : "  " + r.description());
        }

        line("%nTiers");
        for (Tier t : p.tiers().values()) {
            line("  %s%s", t.kind().id(), t.versioning() == null ? "" : " (" + t.versioning() + ")");
            line("    approvals        %s", approvals(t));
            if (t.approvalTimeout() != null) {
                line("    approval timeout %s", Durations.format(t.approvalTimeout()));
            }
            if (!t.branches().isEmpty()) {
                line("    branches         %s", String.join(", ", t.branches()));
            }
            if (t.rollout() != null) {
                line(
                        "    rollout          %s%s%s",
                        lower(t.rollout().strategy()),
                        t.rollout().steps().isEmpty()
                                ? ""
                                : " "
                                        + t.rollout().steps().stream()
                                                .map(s -> s + "%")
                                                .collect(Collectors.joining(" → ")),
                        t.rollout().postDeploymentAudit() ? ", post-deployment audit" : "");
            }
            if (!t.requiredEvidence().isEmpty()) {
                line("    evidence         %s", String.join(", ", t.requiredEvidence()));
            }
            if (t.postHocReview() != null) {
                line("    post-hoc review  %s", review(t.postHocReview()));
            }
        }

        if (!p.environments().isEmpty()) {
            line("%nEnvironments");
            p.environments()
                    .values()
                    .forEach(e -> line(
                            "  %-12s %-9s branches: %s",
                            e.name(),
                            lower(e.approval()),
                            e.branches().isEmpty() ? "any" : String.join(", ", e.branches())));
        }

        Gates g = p.gates();
        line("%nPre-deploy gates (on failure: %s)", lower(g.onFailure()));
        line("  tests must pass    %s", g.testsMustPass() ? "yes" : "no");
        line("  line coverage      %s", g.lineCoverage() == null ? "-" : g.lineCoverage());
        line("  branch coverage    %s", g.branchCoverage() == null ? "-" : g.branchCoverage());
        line("  critical findings  %s", g.maxCritical() == null ? "-" : "at most " + g.maxCritical());
        line("  high findings      %s", g.maxHigh() == null ? "-" : "at most " + g.maxHigh());
        for (FreezeWindow w : g.freezeWindows()) {
            line("  freeze window      %s", window(w));
        }
        if (!g.requiredEvidence().isEmpty()) {
            line("  required evidence  %s", String.join(", ", g.requiredEvidence()));
        }
        if (g.reevaluation() != null) {
            line(
                    "  re-evaluation      every %s for up to %s",
                    Durations.format(g.reevaluation().interval()),
                    Durations.format(g.reevaluation().timeout()));
        }
        g.waivers()
                .forEach(w -> line(
                        "  waiver             %s accepted by %s until %s: %s",
                        w.check(), w.acceptedBy(), w.expires(), w.reason()));

        var post = p.postDeploy();
        line("%nPost-deploy");
        line("  monitoring window  %s", Durations.format(post.monitoringWindow()));
        post.quality().forEach(m -> line("  healthy when       %s", metric(m)));
        post.rollbackTriggers().forEach(m -> line("  roll back when     %s", metric(m)));
        if (post.reactionTime() != null) {
            line("  react within       %s", Durations.format(post.reactionTime()));
        }
        line("  health checks      %s", post.healthChecksMustPass() ? "must all pass" : "not required");

        if (p.rollback().command() != null || !p.rollback().responses().isEmpty()) {
            line("%nRollback");
            if (p.rollback().command() != null) {
                line("  command  %s", p.rollback().command());
            }
            p.rollback()
                    .responses()
                    .forEach(r -> line(
                            "  %-26s → %s (owner %s%s)",
                            r.trigger(),
                            r.response(),
                            r.owner(),
                            r.within() == null ? "" : ", within " + Durations.format(r.within())));
        }

        SegregationOfDuties s = p.segregation();
        line("%nSegregation of duties");
        line("  triggerer may not approve       %s", yes(s.excludeTriggerer()));
        line("  commit authors may not approve  %s", yes(s.excludeCommitAuthors()));
        line("  distinct approvers              %s", yes(s.distinctApprovers()));
        line("  replayed builds refused         %s", yes(s.refuseReplay()));
        line(
                "  administrators                  %s%s",
                lower(s.administrators()),
                s.breakGlassReview() == null ? "" : ", reviewed by " + review(s.breakGlassReview()));
        if (!p.retention().isZero()) {
            line("  records retained                %s", period(p.retention()));
        }

        if (!p.checklist().isEmpty()) {
            line("%nChecklist");
            p.checklist().forEach(c -> line("  %-36s %s", c.check(), c.responsible()));
        }
        if (!p.phases().isEmpty()) {
            line("%nPhases and deliverables (evidence kinds)");
            for (Phase ph : p.phases()) {
                line("  %s", ph.name());
                ph.deliverables()
                        .forEach(d -> line("    %-28s %s%s", d.id(), d.name(), d.required() ? "" : " (optional)"));
            }
        }
        if (!p.controls().isEmpty()) {
            line("%nControls");
            p.controls()
                    .forEach(c -> line(
                            "  %-24s %-20s %s%s",
                            c.id(),
                            c.framework(),
                            String.join(", ", c.evidence()),
                            c.crosswalk().isEmpty() ? "" : "; corresponds to " + String.join(", ", c.crosswalk())));
        }
        return this;
    }

    private static String members(Role r) {
        String users = r.users().isEmpty() ? "" : "users " + String.join(", ", r.users());
        String groups = r.groups().isEmpty() ? "" : "groups " + String.join(", ", r.groups());
        return "[" + (users + (users.isEmpty() || groups.isEmpty() ? "" : "; ") + groups) + "]";
    }

    private static String approvals(Tier t) {
        if (t.approvals().isEmpty()) {
            return "none before deployment";
        }
        List<String> rules = t.approvals().stream().map(PolicyReport::rule).toList();
        return String.join(t.ordered() ? " then " : " and ", rules);
    }

    private static String rule(ApprovalRule r) {
        return r.count() + " × " + r.role();
    }

    private static String review(PostHocReview r) {
        return String.join(" + ", r.roles()) + " within " + Durations.format(r.within());
    }

    private static String metric(MetricRule m) {
        Threshold t = m.threshold();
        if (t != null && t.unit() == Threshold.Unit.MILLISECONDS && t.value() >= 1000 && t.value() % 1000 == 0) {
            return m.metric() + " " + t.comparison().symbol() + " " + (long) (t.value() / 1000) + "s";
        }
        return m.metric() + " " + t;
    }

    private static String period(java.time.Period p) {
        List<String> parts = new java.util.ArrayList<>();
        if (p.getYears() != 0) {
            parts.add(p.getYears() + (p.getYears() == 1 ? " year" : " years"));
        }
        if (p.getMonths() != 0) {
            parts.add(p.getMonths() + (p.getMonths() == 1 ? " month" : " months"));
        }
        if (p.getDays() != 0) {
            parts.add(p.getDays() + (p.getDays() == 1 ? " day" : " days"));
        }
        return String.join(" ", parts);
    }

    private static String window(FreezeWindow w) {
        if (w instanceof FreezeWindow.Dates d) {
            return d.name() + ": " + d.start() + " to " + d.end() + " " + d.zone();
        }
        FreezeWindow.Weekly k = (FreezeWindow.Weekly) w;
        return k.name() + ": "
                + k.days().stream().sorted().map(x -> x.name().substring(0, 3)).collect(Collectors.joining(",")) + " "
                + k.from() + "-" + k.to() + " " + k.zone();
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String lower(Enum<?> e) {
        return e == null ? "-" : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
