package io.jenkins.plugins.relgov.approval;

import io.jenkins.plugins.relgov.policy.ApprovalRule;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PostHocReview;
import io.jenkins.plugins.relgov.policy.Role;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The approval parts of the shipped inopsio policy, built in code, and a hand-moved clock. */
final class TestPolicies {
    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private TestPolicies() {}

    static Policy inopsio() {
        return inopsio(new SegregationOfDuties(
                true,
                true,
                true,
                AdminPower.BREAK_GLASS,
                new PostHocReview(List.of("ciso", "devops-lead"), Duration.ofHours(72)),
                true));
    }

    static Policy inopsio(SegregationOfDuties sod) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String r : List.of("executive-board", "ciso", "product-manager", "qa-lead", "devops-lead", "developer")) {
            roles.put(r, new Role(r, r, List.of(), List.of(r)));
        }
        Map<TierKind, Tier> tiers = new LinkedHashMap<>();
        tiers.put(
                TierKind.MAJOR,
                tier(
                        TierKind.MAJOR,
                        List.of(new ApprovalRule("executive-board", 1), new ApprovalRule("ciso", 1)),
                        false,
                        Duration.ofDays(7),
                        null));
        tiers.put(
                TierKind.MINOR,
                tier(
                        TierKind.MINOR,
                        List.of(new ApprovalRule("qa-lead", 1), new ApprovalRule("product-manager", 1)),
                        true,
                        Duration.ofDays(3),
                        null));
        tiers.put(
                TierKind.PATCH,
                tier(TierKind.PATCH, List.of(new ApprovalRule("devops-lead", 1)), false, Duration.ofDays(1), null));
        tiers.put(
                TierKind.EMERGENCY,
                tier(
                        TierKind.EMERGENCY,
                        List.of(),
                        false,
                        null,
                        new PostHocReview(List.of("ciso", "devops-lead"), Duration.ofHours(72))));
        return new Policy(
                "inopsio", "Inopsio", null, roles, tiers, null, null, null, null, sod, null, null, null, null, null,
                null);
    }

    static Tier tier(
            TierKind kind, List<ApprovalRule> approvals, boolean ordered, Duration timeout, PostHocReview review) {
        return new Tier(kind, null, null, null, approvals, ordered, timeout, null, null, review, null);
    }

    static RequestSpec spec(TierKind tier, String triggerer, String... authors) {
        return new RequestSpec(
                "3.0.0",
                tier,
                "production",
                "inopsio",
                "sha256:0f1e",
                "release-app#42",
                triggerer,
                List.of(authors),
                false);
    }

    /** A clock the test moves by hand. */
    static final class Ticking extends Clock {
        Instant now = T0;

        Ticking advance(Duration d) {
            now = now.plus(d);
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
