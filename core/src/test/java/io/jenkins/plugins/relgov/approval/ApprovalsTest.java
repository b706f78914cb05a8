package io.jenkins.plugins.relgov.approval;

import static io.jenkins.plugins.relgov.approval.TestPolicies.T0;
import static io.jenkins.plugins.relgov.approval.TestPolicies.inopsio;
import static io.jenkins.plugins.relgov.approval.TestPolicies.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.Approved;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Refused;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalsTest {
    final TestPolicies.Ticking clock = new TestPolicies.Ticking();

    final Identity board = Identity.user("erin", "executive-board");
    final Identity ciso = Identity.user("carol", "ciso");
    final Identity qa = Identity.user("quinn", "qa-lead");
    final Identity pm = Identity.user("pat", "product-manager");
    final Identity devops = Identity.user("dave", "devops-lead");
    final Identity outsider = Identity.user("mallory", "developer");

    ApprovalState open(Policy policy, RequestSpec spec) {
        return Approvals.open(policy, spec, MembershipMatcher.DEFAULT, clock).state();
    }

    ApprovalState major() {
        return open(inopsio(), spec(TierKind.MAJOR, "tom", "alice"));
    }

    Outcome decide(ApprovalState s, Decision d) {
        clock.advance(Duration.ofMinutes(5));
        return Approvals.decide(s, d, clock);
    }

    static Refused lastRefusal(Outcome o) {
        return (Refused) o.events().get(o.events().size() - 1);
    }

    @Test
    void majorReleaseNeedsTheBoardAndTheCiso() {
        ApprovalState s = major();
        assertThat(s.status()).isEqualTo(ApprovalStatus.OPEN);
        assertThat(s.missing()).containsExactly(new Missing("executive-board", 1), new Missing("ciso", 1));
        assertThat(s.deadline()).isEqualTo(T0.plus(Duration.ofDays(7)));

        Outcome first = decide(s, Decision.approve(board, null, "roadmap signed off"));
        assertThat(first.accepted()).isTrue();
        assertThat(first.state().status()).isEqualTo(ApprovalStatus.OPEN);
        assertThat(first.state().missing()).containsExactly(new Missing("ciso", 1));
        assertThat(first.message()).contains("erin approved as executive-board", "ciso (1 more)");

        Outcome second = decide(first.state(), Decision.approve(ciso));
        assertThat(second.state().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(second.state().missing()).isEmpty();
        assertThat(second.state().approvals())
                .extracting(Approved::userId, Approved::role, Approved::via)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("erin", "executive-board", "group:executive-board"),
                        org.assertj.core.groups.Tuple.tuple("carol", "ciso", "group:ciso"));
        assertThat(second.state().settlement().orElseThrow().at()).isEqualTo(clock.instant());
        assertThat(second.state().reviews()).isEmpty();
    }

    @Test
    void attackOutsiderApprovesIsRefusedAndRecorded() {
        Outcome o = decide(major(), Decision.approve(outsider));
        assertThat(o.accepted()).isFalse();
        assertThat(lastRefusal(o).reason()).isEqualTo(RefusalReason.NOT_A_MEMBER);
        assertThat(o.message()).contains("mallory is not a member of any role", "executive-board", "ciso");
        assertThat(o.state().refusals()).hasSize(1);
        assertThat(o.state().events()).hasSize(2);
        assertThat(o.state().missing()).hasSize(2);
    }

    @Test
    void attackTriggererApprovesOwnBuildWhateverTheCase() {
        Identity tom = Identity.user("TOM", "ciso");
        Outcome o = decide(major(), Decision.approve(tom));
        assertThat(lastRefusal(o).reason()).isEqualTo(RefusalReason.TRIGGERER);
        assertThat(o.message()).contains("started this build");
    }

    @Test
    void attackCommitAuthorApproves() {
        Outcome o = decide(major(), Decision.approve(Identity.user("Alice", "executive-board")));
        assertThat(lastRefusal(o).reason()).isEqualTo(RefusalReason.COMMIT_AUTHOR);
    }

    @Test
    void triggererMayApproveWhenThePolicyAllowsIt() {
        Policy lax = inopsio(new SegregationOfDuties(false, false, true, AdminPower.NONE, null, false));
        ApprovalState s = open(lax, spec(TierKind.PATCH, "dave", "dave"));
        assertThat(decide(s, Decision.approve(devops)).state().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void attackOnePersonFillsTwoRoles() {
        Identity both = Identity.user("bob", "executive-board", "ciso");
        Outcome first = decide(major(), Decision.approve(both));
        assertThat(first.state().approvals()).extracting(Approved::role).containsExactly("executive-board");
        Outcome again = decide(first.state(), Decision.approve(both));
        assertThat(lastRefusal(again).reason()).isEqualTo(RefusalReason.ALREADY_APPROVED);
        Outcome named = decide(first.state(), Decision.approve(Identity.user("BOB", "ciso"), "ciso", null));
        assertThat(lastRefusal(named).reason()).isEqualTo(RefusalReason.ALREADY_APPROVED);
        assertThat(named.state().status()).isEqualTo(ApprovalStatus.OPEN);
    }

    @Test
    void withoutDistinctApproversOnePersonMayFillTwoRolesButNeverCountsTwiceForOne() {
        Policy p = inopsio(new SegregationOfDuties(true, true, false, AdminPower.NONE, null, true));
        Identity both = Identity.user("bob", "executive-board", "ciso");
        ApprovalState s = decide(open(p, spec(TierKind.MAJOR, "tom")), Decision.approve(both))
                .state();
        Outcome second = decide(s, Decision.approve(both));
        assertThat(second.state().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(second.state().approvals()).extracting(Approved::role).containsExactly("executive-board", "ciso");
    }

    @Test
    void attackSamePersonCountsTwiceForOneRole() {
        Policy p = new Policy(
                "two",
                null,
                null,
                inopsio().roles(),
                java.util.Map.of(
                        TierKind.MAJOR,
                        TestPolicies.tier(
                                TierKind.MAJOR,
                                List.of(new io.jenkins.plugins.relgov.policy.ApprovalRule("ciso", 2)),
                                false,
                                null,
                                null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        ApprovalState s = decide(open(p, spec(TierKind.MAJOR, null)), Decision.approve(ciso))
                .state();
        Outcome twice = decide(s, Decision.approve(Identity.user("Carol", "CISO")));
        assertThat(lastRefusal(twice).reason()).isEqualTo(RefusalReason.ALREADY_APPROVED);
        assertThat(twice.state().missing()).containsExactly(new Missing("ciso", 1));
        Outcome other = decide(twice.state(), Decision.approve(Identity.user("cleo", "ciso")));
        assertThat(other.state().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aNamedRoleIsValidated() {
        ApprovalState s = major();
        assertThat(lastRefusal(decide(s, Decision.approve(ciso, "cto", null))).reason())
                .isEqualTo(RefusalReason.UNKNOWN_ROLE);
        assertThat(lastRefusal(decide(s, Decision.approve(ciso, "executive-board", null)))
                        .reason())
                .isEqualTo(RefusalReason.NOT_A_MEMBER);
        Identity both = Identity.user("bob", "executive-board", "ciso");
        Outcome asCiso = decide(s, Decision.approve(both, "ciso", "security review done"));
        assertThat(asCiso.state().approvals()).extracting(Approved::role).containsExactly("ciso");
        Outcome full = decide(asCiso.state(), Decision.approve(Identity.user("cleo", "ciso"), "ciso", null));
        assertThat(lastRefusal(full).reason()).isEqualTo(RefusalReason.ROLE_COMPLETE);
    }

    @Test
    void attackLaterRoleApprovesBeforeEarlierRolesInAnOrderedTier() {
        ApprovalState s = open(inopsio(), spec(TierKind.MINOR, "tom"));
        Outcome early = decide(s, Decision.approve(pm));
        assertThat(lastRefusal(early).reason()).isEqualTo(RefusalReason.OUT_OF_ORDER);
        assertThat(early.message()).contains("'product-manager' approves after 'qa-lead'", "qa-lead → product-manager");
        ApprovalState afterQa = decide(early.state(), Decision.approve(qa)).state();
        Outcome now = decide(afterQa, Decision.approve(pm));
        assertThat(now.state().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aRejectionEndsTheRequestWithTheRejecterAndTheReason() {
        ApprovalState s = decide(major(), Decision.approve(board)).state();
        Outcome noReason = decide(s, Decision.reject(ciso, "  "));
        assertThat(lastRefusal(noReason).reason()).isEqualTo(RefusalReason.MISSING_REASON);
        Outcome byOutsider = decide(s, Decision.reject(outsider, "I do not like it"));
        assertThat(lastRefusal(byOutsider).reason()).isEqualTo(RefusalReason.NOT_A_MEMBER);

        Outcome rejected = decide(s, Decision.reject(ciso, "CVE-2026-1234 unpatched"));
        assertThat(rejected.accepted()).isTrue();
        Settlement end = rejected.state().settlement().orElseThrow();
        assertThat(end.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(end.by()).isEqualTo("carol");
        assertThat(end.reason()).isEqualTo("CVE-2026-1234 unpatched");
    }

    @Test
    void attackDecisionsAfterSettlementAreRefused() {
        ApprovalState rejected = decide(major(), Decision.reject(ciso, "no")).state();
        ApprovalState approved = decide(decide(major(), Decision.approve(board)).state(), Decision.approve(ciso))
                .state();
        ApprovalState cancelled =
                Approvals.cancel(major(), "tom", "build aborted", clock).state();
        for (ApprovalState settled : List.of(rejected, approved, cancelled)) {
            for (Decision d : List.of(
                    Decision.approve(Identity.user("cleo", "ciso")),
                    Decision.reject(board, "late"),
                    Decision.breakGlass(Identity.admin("root"), "urgent"))) {
                Outcome o = decide(settled, d);
                assertThat(o.accepted()).as(settled.status() + " " + d.action()).isFalse();
                assertThat(lastRefusal(o).reason()).isEqualTo(RefusalReason.SETTLED);
                assertThat(o.state().status()).isEqualTo(settled.status());
                assertThat(o.state().approvals()).isEqualTo(settled.approvals());
            }
        }
        assertThat(cancelled.settlement().orElseThrow().by()).isEqualTo("tom");
        assertThat(Approvals.cancel(approved, "tom", "too late", clock).accepted())
                .isFalse();
    }

    @Test
    void aNewerBuildSupersedesAnOpenRequestAndNothingCountsAfterwards() {
        ApprovalState half = decide(major(), Decision.approve(board)).state();
        Outcome superseded = Approvals.supersede(half, "shop#9", clock);
        assertThat(superseded.accepted()).isTrue();
        assertThat(superseded.message()).isEqualTo("superseded by shop#9");
        Settlement end = superseded.state().settlement().orElseThrow();
        assertThat(end.status()).isEqualTo(ApprovalStatus.SUPERSEDED);
        assertThat(end.by()).isNull();
        assertThat(end.reason()).isEqualTo("superseded by shop#9");
        // the approval given before stays in the log, but the request no longer settles as approved
        Outcome late = decide(superseded.state(), Decision.approve(ciso));
        assertThat(late.accepted()).isFalse();
        assertThat(lastRefusal(late).reason()).isEqualTo(RefusalReason.SETTLED);
        assertThat(late.state().status()).isEqualTo(ApprovalStatus.SUPERSEDED);
        // a settled request is not superseded again
        ApprovalState approved = decide(decide(major(), Decision.approve(board)).state(), Decision.approve(ciso))
                .state();
        assertThat(Approvals.supersede(approved, "shop#9", clock).accepted()).isFalse();
        assertThat(Approvals.supersede(approved, "shop#9", clock).state().status())
                .isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void attackApprovalAfterTheDeadlineTimesOutInstead() {
        ApprovalState s = decide(major(), Decision.approve(board)).state();
        assertThat(Approvals.expire(s, clock).events()).isEmpty();
        clock.advance(Duration.ofDays(7));
        Outcome late = Approvals.decide(s, Decision.approve(ciso), clock);
        assertThat(late.accepted()).isFalse();
        assertThat(late.events()).hasSize(2).first().isInstanceOf(ApprovalEvent.TimedOut.class);
        assertThat(lastRefusal(late).reason()).isEqualTo(RefusalReason.TIMED_OUT);
        assertThat(late.state().status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(late.state().missing()).containsExactly(new Missing("ciso", 1));

        Outcome expired = Approvals.expire(s, clock);
        assertThat(expired.state().status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        Outcome after = decide(expired.state(), Decision.approve(ciso));
        assertThat(lastRefusal(after).reason()).isEqualTo(RefusalReason.TIMED_OUT);
    }

    @Test
    void administratorsHaveNoSpecialPowerUnlessThePolicySaysBreakGlass() {
        Policy strict = inopsio(SegregationOfDuties.STRICT);
        ApprovalState s = open(strict, spec(TierKind.MAJOR, "tom"));
        Identity root = Identity.admin("root");
        assertThat(lastRefusal(decide(s, Decision.approve(root))).reason()).isEqualTo(RefusalReason.NOT_A_MEMBER);
        assertThat(lastRefusal(decide(s, Decision.breakGlass(root, "prod down")))
                        .reason())
                .isEqualTo(RefusalReason.NO_BREAK_GLASS);
    }

    @Test
    void breakGlassApprovesAloneAndOpensAReviewThatBecomesOverdue() {
        ApprovalState s = major();
        Identity root = Identity.admin("root");
        assertThat(lastRefusal(decide(s, Decision.breakGlass(Identity.user("ciso-carol", "ciso"), "urgent")))
                        .reason())
                .isEqualTo(RefusalReason.NOT_ADMINISTRATOR);
        assertThat(lastRefusal(decide(s, Decision.breakGlass(root, ""))).reason())
                .isEqualTo(RefusalReason.MISSING_REASON);

        Outcome glass = decide(s, Decision.breakGlass(root, "INC-981: payments down, fix must ship now"));
        ApprovalState broken = glass.state();
        assertThat(broken.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(broken.settlement().orElseThrow().by()).isEqualTo("root");
        assertThat(broken.breakGlass()).isPresent();
        Review review = broken.reviews().get(0);
        assertThat(review.kind()).isEqualTo(Review.Kind.BREAK_GLASS);
        assertThat(review.roles()).containsExactly("ciso", "devops-lead");
        assertThat(review.deadline()).isEqualTo(clock.instant().plus(Duration.ofHours(72)));
        assertThat(glass.message()).contains("review due by " + review.deadline());

        // the administrator cannot review their own break-glass, even if they hold a review role
        Outcome self = decide(broken, Decision.review(Identity.admin("ROOT", "ciso"), null, "fine"));
        assertThat(lastRefusal(self).reason()).isEqualTo(RefusalReason.OWN_BREAK_GLASS);
        // one person cannot sign both parts of the review
        Identity both = Identity.user("bob", "ciso", "devops-lead");
        ApprovalState oneSigned =
                decide(broken, Decision.review(both, null, "checked the diff")).state();
        assertThat(lastRefusal(decide(oneSigned, Decision.review(both, null, "again")))
                        .reason())
                .isEqualTo(RefusalReason.ALREADY_APPROVED);

        clock.advance(Duration.ofHours(73));
        assertThat(oneSigned.overdueReviews(clock.instant())).hasSize(1);
        assertThat(oneSigned.reviews().get(0).status(clock.instant())).isEqualTo(Review.Status.OVERDUE);
        assertThat(oneSigned.describe(clock.instant())).contains("OVERDUE", "devops-lead");

        Outcome late = decide(oneSigned, Decision.review(devops, "devops-lead", "rollback plan verified"));
        Review done = late.state().reviews().get(0);
        assertThat(done.status(clock.instant())).isEqualTo(Review.Status.COMPLETED_LATE);
        assertThat(late.state().overdueReviews(clock.instant())).isEmpty();
        assertThat(lastRefusal(decide(late.state(), Decision.review(ciso, null, "x")))
                        .reason())
                .isEqualTo(RefusalReason.NO_OPEN_REVIEW);
    }

    @Test
    void anEmergencyReleaseIsApprovedAtOnceWithAnOpenReview() {
        Outcome opened =
                Approvals.open(inopsio(), spec(TierKind.EMERGENCY, "dave", "dave"), MembershipMatcher.DEFAULT, clock);
        ApprovalState s = opened.state();
        assertThat(s.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(opened.message()).contains("tier 'emergency' requires no approval");
        Review r = s.reviews().get(0);
        assertThat(r.kind()).isEqualTo(Review.Kind.AFTER_RELEASE);
        assertThat(r.deadline()).isEqualTo(T0.plus(Duration.ofHours(72)));
        assertThat(r.status(T0.plus(Duration.ofHours(71)))).isEqualTo(Review.Status.OPEN);
        assertThat(r.status(T0.plus(Duration.ofHours(73)))).isEqualTo(Review.Status.OVERDUE);
        // the hotfix author cannot review their own hotfix
        assertThat(lastRefusal(decide(s, Decision.review(devops, null, "ok"))).reason())
                .isEqualTo(RefusalReason.TRIGGERER);
        ApprovalState one = decide(s, Decision.review(ciso, null, "ok")).state();
        ApprovalState two = decide(one, Decision.review(Identity.user("dana", "devops-lead"), null, "ok"))
                .state();
        assertThat(two.reviews().get(0).status(clock.instant())).isEqualTo(Review.Status.COMPLETED);
    }

    @Test
    void aReplayedBuildIsRejectedWhenThePolicyRefusesReplays() {
        RequestSpec replayed = new RequestSpec(
                "3.0.0", TierKind.MAJOR, "production", "inopsio", "d", "app#43", "tom", List.of(), true);
        ApprovalState s = open(inopsio(), replayed);
        assertThat(s.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(s.settlement().orElseThrow().reason()).contains("Replay");
        assertThat(lastRefusal(decide(s, Decision.approve(ciso))).reason()).isEqualTo(RefusalReason.SETTLED);
    }

    @Test
    void caseSensitiveMatchingTreatsCaseAsDifferentPeopleAndGroups() {
        ApprovalState s = Approvals.open(
                        inopsio(), spec(TierKind.MAJOR, "tom"), MembershipMatcher.CASE_SENSITIVE, clock)
                .state();
        assertThat(lastRefusal(decide(s, Decision.approve(Identity.user("carol", "CISO"))))
                        .reason())
                .isEqualTo(RefusalReason.NOT_A_MEMBER);
        // with case-sensitive ids "Tom" is not the triggerer "tom"
        assertThat(decide(s, Decision.approve(Identity.user("Tom", "ciso"))).accepted())
                .isTrue();
        ApprovalState insensitive = major();
        assertThat(decide(insensitive, Decision.approve(Identity.user("carol", "CISO")))
                        .accepted())
                .isTrue();
    }

    @Test
    void theStateDescribesWhatIsMissingWhoApprovedAndWhoWasRefused() {
        ApprovalState s = decide(major(), Decision.approve(board, null, "go")).state();
        s = decide(s, Decision.approve(Identity.user("tom", "ciso"))).state();
        String text = s.describe(clock.instant());
        assertThat(text)
                .contains(
                        "OPEN",
                        "missing: [ciso (1 more)]",
                        "approved: executive-board by erin (group:executive-board)",
                        "refused: APPROVE by tom",
                        "TRIGGERER");
    }

    @Test
    void aDryRunAnswersLikeDecideAndRecordsNothing() {
        ApprovalState s = major();
        Check ok = Approvals.check(s, Decision.approve(ciso), clock);
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.role()).isEqualTo("ciso");
        Check no = Approvals.check(s, Decision.approve(Identity.user("tom", "ciso")), clock);
        assertThat(no.refusal()).isEqualTo(RefusalReason.TRIGGERER);
        assertThat(no.message())
                .isEqualTo(lastRefusal(decide(s, Decision.approve(Identity.user("tom", "ciso"))))
                        .message());
        assertThat(s.events()).hasSize(1);
        clock.advance(Duration.ofDays(8));
        assertThat(Approvals.check(s, Decision.approve(ciso), clock).refusal()).isEqualTo(RefusalReason.TIMED_OUT);
    }

    @Test
    void theTriggererMayBreakGlassButNeitherTheyNorTheAuthorsMayReviewIt() {
        ApprovalState s = major();
        Outcome glass = decide(s, Decision.breakGlass(Identity.admin("tom", "ciso"), "on-call fix for INC-982"));
        assertThat(glass.accepted()).isTrue();
        assertThat(lastRefusal(decide(glass.state(), Decision.review(Identity.admin("tom", "ciso"), null, "ok")))
                        .reason())
                .isEqualTo(RefusalReason.OWN_BREAK_GLASS);
        assertThat(lastRefusal(decide(
                                glass.state(), Decision.review(Identity.user("alice", "devops-lead"), null, "ok")))
                        .reason())
                .isEqualTo(RefusalReason.COMMIT_AUTHOR);
    }
}
