package io.jenkins.plugins.relgov.approval;

import static io.jenkins.plugins.relgov.approval.TestPolicies.inopsio;
import static io.jenkins.plugins.relgov.approval.TestPolicies.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.Approved;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Opened;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Rejected;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log: persisted as JSON or Java serialisation, folded back exactly; a doctored log does not fold. */
class ApprovalLogTest {
    final TestPolicies.Ticking clock = new TestPolicies.Ticking();

    /** A log with every kind of event: refusals, approvals, break-glass and a completed review. */
    List<ApprovalEvent> fullLog() {
        ApprovalState s = Approvals.open(
                        inopsio(), spec(TierKind.MAJOR, "tom", "alice"), MembershipMatcher.DEFAULT, clock)
                .state();
        s = step(s, Decision.approve(Identity.user("tom", "ciso")));
        s = step(s, Decision.approve(Identity.user("erin", "executive-board"), null, "roadmap ok"));
        s = step(s, Decision.breakGlass(Identity.admin("root"), "INC-981"));
        s = step(s, Decision.review(Identity.user("carol", "ciso"), "ciso", "security ok"));
        s = step(s, Decision.review(Identity.user("dave", "devops-lead"), null, null));
        s = step(s, Decision.approve(Identity.user("carol", "ciso")));
        ApprovalState other = Approvals.open(inopsio(), spec(TierKind.PATCH, "tom"), MembershipMatcher.DEFAULT, clock)
                .state();
        other = step(other, Decision.reject(Identity.user("dave", "devops-lead"), "no rollback plan"));
        clock.advance(Duration.ofDays(10));
        ApprovalState third = Approvals.open(inopsio(), spec(TierKind.MINOR, "tom"), MembershipMatcher.DEFAULT, clock)
                .state();
        clock.advance(Duration.ofDays(4));
        third = Approvals.expire(third, clock).state();
        ApprovalState fourth = Approvals.cancel(
                        Approvals.open(inopsio(), spec(TierKind.MINOR, "tom"), MembershipMatcher.DEFAULT, clock)
                                .state(),
                        null,
                        "build aborted",
                        clock)
                .state();
        ApprovalState fifth = Approvals.supersede(
                        Approvals.open(inopsio(), spec(TierKind.MINOR, "tom"), MembershipMatcher.DEFAULT, clock)
                                .state(),
                        "shop#12",
                        clock)
                .state();
        List<ApprovalEvent> all = new ArrayList<>(s.events());
        assertThat(other.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(third.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(fourth.status()).isEqualTo(ApprovalStatus.CANCELLED);
        assertThat(fifth.status()).isEqualTo(ApprovalStatus.SUPERSEDED);
        logs.add(other.events());
        logs.add(third.events());
        logs.add(fourth.events());
        logs.add(fifth.events());
        return all;
    }

    final List<List<ApprovalEvent>> logs = new ArrayList<>();

    ApprovalState step(ApprovalState s, Decision d) {
        clock.advance(Duration.ofMinutes(7));
        return Approvals.decide(s, d, clock).state();
    }

    static List<Object> view(ApprovalState s, Instant now) {
        return List.of(
                s.status(),
                s.settlement(),
                s.missing(),
                s.approvals(),
                s.refusals(),
                s.reviews(),
                s.events(),
                s.describe(now));
    }

    @Test
    void jsonRoundTripGivesTheSameEventsAndTheSameState() {
        List<ApprovalEvent> log = fullLog();
        logs.add(0, log);
        for (List<ApprovalEvent> l : logs) {
            String json = ApprovalJson.write(l);
            List<ApprovalEvent> back = ApprovalJson.read(json);
            assertThat(back).isEqualTo(l);
            assertThat(view(ApprovalState.fold(back), clock.instant()))
                    .isEqualTo(view(ApprovalState.fold(l), clock.instant()));
        }
        String json = ApprovalJson.write(log);
        assertThat(json)
                .contains(
                        "\"type\":\"opened\"",
                        "\"type\":\"break-glass\"",
                        "\"type\":\"review-completed\"",
                        "\"within\":\"PT72H\"",
                        "\"at\":\"2026-11-23T09:00:00Z\"",
                        "\"type\":\"refused\"",
                        "\"reason\":\"TRIGGERER\"");
    }

    @Test
    void javaSerialisationRoundTripGivesTheSameEvents() throws Exception {
        List<ApprovalEvent> log = fullLog();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(log));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            @SuppressWarnings("unchecked")
            List<ApprovalEvent> back = (List<ApprovalEvent>) in.readObject();
            assertThat(back).isEqualTo(log);
        }
    }

    @Test
    void badJsonIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> ApprovalJson.read(
                        "[{\"type\":\"approved\",\"at\":\"2026-11-23T09:00:00Z\",\n\"userId\":\"x\",\"colour\":1}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> ApprovalJson.read("[{\"type\":\"promoted\",\"at\":\"2026-11-23T09:00:00Z\"}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("promoted");
        assertThatThrownBy(() -> ApprovalJson.read("null"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> ApprovalState.fold(
                        ApprovalJson.read("[{\"type\":\"opened\",\"at\":\"2026-11-23T09:00:00Z\"}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approval event #1 (Opened")
                .hasMessageContaining("spec and rules");
        assertThatThrownBy(() -> ApprovalJson.read("[{\"type\":\"timed-out\",\"at\":\"yesterday\"}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0]->")
                .hasMessageContaining("at");
    }

    // ---- attacks on the persisted log: each doctored log fails to fold, naming the event ---------

    ApprovalState major() {
        return Approvals.open(inopsio(), spec(TierKind.MAJOR, "tom", "alice"), MembershipMatcher.DEFAULT, clock)
                .state();
    }

    Instant later(int minutes) {
        return TestPolicies.T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void attackInsertedSelfApprovalDoesNotFold() {
        List<ApprovalEvent> log = new ArrayList<>(major().events());
        log.add(new Approved(later(1), "tom", "ciso", "group:ciso", null));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approval event #2 (Approved at " + later(1) + ")")
                .hasMessageContaining("started this build");
    }

    @Test
    void attackApprovalClaimingAGroupTheRoleDoesNotHave() {
        List<ApprovalEvent> log = new ArrayList<>(major().events());
        log.add(new Approved(later(1), "mallory", "ciso", "group:developer", null));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#2")
                .hasMessageContaining("not a member");
    }

    @Test
    void attackApprovalRecordedAfterARejection() {
        List<ApprovalEvent> log = new ArrayList<>(major().events());
        log.add(new Rejected(later(1), "carol", "group:ciso", "no"));
        log.add(new Approved(later(2), "erin", "executive-board", "group:executive-board", null));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#3")
                .hasMessageContaining("already rejected");
    }

    @Test
    void attackDuplicatedApprovalEvent() {
        List<ApprovalEvent> log = new ArrayList<>(major().events());
        Approved a = new Approved(later(1), "erin", "executive-board", "group:executive-board", null);
        log.add(a);
        log.add(a);
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#3")
                .hasMessageContaining("already approved");
    }

    @Test
    void attackReorderedOrTruncatedLog() {
        List<ApprovalEvent> log = new ArrayList<>(major().events());
        log.add(new Approved(later(5), "erin", "executive-board", "group:executive-board", null));
        log.add(new Approved(later(1), "carol", "ciso", "group:ciso", null));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#3")
                .hasMessageContaining("dated before");
        assertThatThrownBy(() -> ApprovalState.fold(log.subList(1, 3)))
                .hasMessageContaining("#1")
                .hasMessageContaining("must start with the request being opened");
        assertThatThrownBy(() -> ApprovalState.fold(List.of())).hasMessageContaining("at least the event that opened");
        Opened twice = (Opened) log.get(0);
        assertThatThrownBy(() -> ApprovalState.fold(List.of(twice, twice)))
                .hasMessageContaining("#2")
                .hasMessageContaining("already opened");
    }

    @Test
    void attackEarlyTimeoutOrForgedBreakGlass() {
        List<ApprovalEvent> log = new ArrayList<>(major().events());
        log.add(new ApprovalEvent.TimedOut(later(1)));
        assertThatThrownBy(() -> ApprovalState.fold(log))
                .hasMessageContaining("#2")
                .hasMessageContaining("deadline");
        ApprovalState strict = Approvals.open(
                        inopsio(io.jenkins.plugins.relgov.policy.SegregationOfDuties.STRICT),
                        spec(TierKind.MAJOR, "tom"),
                        MembershipMatcher.DEFAULT,
                        clock)
                .state();
        List<ApprovalEvent> forged = new ArrayList<>(strict.events());
        forged.add(new ApprovalEvent.BreakGlass(later(1), "root", "because"));
        assertThatThrownBy(() -> ApprovalState.fold(forged)).hasMessageContaining("no break-glass power");
    }
}
