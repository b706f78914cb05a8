package io.jenkins.plugins.relgov.approval;

import static io.jenkins.plugins.relgov.approval.TestPolicies.inopsio;
import static io.jenkins.plugins.relgov.approval.TestPolicies.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.Approved;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.BreakGlass;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Rejected;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review attack: the engine times a request out before it accepts a late decision, so a log with a
 * decision dated at or past the deadline and no timed-out event has been doctored (the timed-out
 * event deleted) and must not fold to an approved release.
 */
class DoctoredDeadlineTest {
    final TestPolicies.Ticking clock = new TestPolicies.Ticking();

    List<ApprovalEvent> major() {
        // MAJOR: executive-board + ciso, 7-day timeout
        return new ArrayList<>(Approvals.open(inopsio(), spec(TierKind.MAJOR, "tom"), MembershipMatcher.DEFAULT, clock)
                .state()
                .events());
    }

    Instant afterDeadline(int minutes) {
        return TestPolicies.T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(minutes));
    }

    @Test
    void theEngineItselfTimesOutALateApproval() {
        ApprovalState s = ApprovalState.fold(major());
        clock.advance(Duration.ofDays(8));
        Outcome o = Approvals.decide(s, Decision.approve(Identity.user("erin", "executive-board")), clock);
        assertThat(o.accepted()).isFalse();
        assertThat(o.state().status()).isEqualTo(ApprovalStatus.TIMED_OUT);
    }

    @Test
    void attackApprovalsPastTheDeadlineWithTheTimeoutDeleted() {
        List<ApprovalEvent> log = major();
        log.add(new Approved(afterDeadline(1), "erin", "executive-board", "group:executive-board", null));
        log.add(new Approved(afterDeadline(2), "carol", "ciso", "group:ciso", null));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approval event #2 (Approved")
                .hasMessageContaining("deadline");
    }

    @Test
    void attackDecisionExactlyAtTheDeadline() {
        List<ApprovalEvent> log = major();
        log.add(new Rejected(afterDeadline(0), "carol", "group:ciso", "too late"));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#2")
                .hasMessageContaining("deadline");
    }

    @Test
    void attackBreakGlassPastTheDeadline() {
        List<ApprovalEvent> log = major();
        log.add(new BreakGlass(afterDeadline(5), "root", "INC-1"));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#2")
                .hasMessageContaining("deadline");
    }

    @Test
    void decisionsBeforeTheDeadlineStillFold() {
        List<ApprovalEvent> log = major();
        log.add(new Approved(afterDeadline(-2), "erin", "executive-board", "group:executive-board", null));
        log.add(new Approved(afterDeadline(-1), "carol", "ciso", "group:ciso", null));
        assertThat(ApprovalState.fold(log).status()).isEqualTo(ApprovalStatus.APPROVED);
    }
}
