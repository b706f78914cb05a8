package io.jenkins.plugins.relgov.benchmarks;

import io.jenkins.plugins.relgov.approval.ApprovalEvent;
import io.jenkins.plugins.relgov.approval.ApprovalRules;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.Approvals;
import io.jenkins.plugins.relgov.approval.Check;
import io.jenkins.plugins.relgov.approval.Decision;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.Members;
import io.jenkins.plugins.relgov.approval.MembershipMatcher;
import io.jenkins.plugins.relgov.approval.Outcome;
import io.jenkins.plugins.relgov.approval.RequestSpec;
import io.jenkins.plugins.relgov.approval.RoleQuota;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deciding on a large request: 50 required roles (30 approvals each), 1,000 events already in the
 * log (the opening and 999 approvals by distinct people). The decide benchmarks include building the
 * state that follows the decision; {@code check} is the dry run pages use; {@code fold} rebuilds the state from the whole log, as a host does
 * after a restart.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ApprovalBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ApprovalBenchmark {
    static final int ROLES = 50;
    static final int PRIOR_EVENTS = 1_000;

    ApprovalState state;
    List<ApprovalEvent> log;
    Clock clock;
    Identity newcomer;
    Identity outsider;

    @Setup
    public void setUp() {
        List<RoleQuota> quotas = new ArrayList<>();
        Map<String, Members> members = new LinkedHashMap<>();
        for (int r = 0; r < ROLES; r++) {
            quotas.add(new RoleQuota("role-" + r, 30));
            members.put("role-" + r, new Members(List.of(), List.of("group-" + r)));
        }
        ApprovalRules rules = new ApprovalRules(
                quotas,
                false,
                Duration.ofDays(7),
                members,
                true,
                true,
                true,
                AdminPower.NONE,
                null,
                null,
                true,
                MembershipMatcher.DEFAULT);
        RequestSpec spec = new RequestSpec(
                "9.0.0",
                TierKind.MAJOR,
                "production",
                "bench",
                "sha256:00",
                "bench#1",
                "trigger",
                List.of("author-1", "author-2"),
                false);
        Instant t0 = Instant.parse("2026-11-23T09:00:00Z");
        ApprovalState s =
                Approvals.open(rules, spec, Clock.fixed(t0, ZoneOffset.UTC)).state();
        for (int i = 1; i < PRIOR_EVENTS; i++) {
            Identity who = Identity.user("user-" + i, "group-" + (i % ROLES), "authenticated", "developers");
            s = Approvals.decide(s, Decision.approve(who), Clock.fixed(t0.plusSeconds(i), ZoneOffset.UTC))
                    .state();
        }
        if (s.events().size() != PRIOR_EVENTS || !s.refusals().isEmpty()) {
            throw new IllegalStateException("expected " + PRIOR_EVENTS + " accepted events, got " + s);
        }
        state = s;
        log = s.events();
        clock = Clock.fixed(t0.plusSeconds(PRIOR_EVENTS), ZoneOffset.UTC);
        newcomer = Identity.user("newcomer", "authenticated", "developers", "group-" + (ROLES - 1));
        outsider = Identity.user("outsider", "authenticated", "developers");
    }

    @Benchmark
    public Outcome decideAccepted() {
        return Approvals.decide(state, Decision.approve(newcomer), clock);
    }

    @Benchmark
    public Outcome decideRefused() {
        return Approvals.decide(state, Decision.approve(outsider), clock);
    }

    @Benchmark
    public Check checkAccepted() {
        return Approvals.check(state, Decision.approve(newcomer), clock);
    }

    @Benchmark
    public ApprovalState foldWholeLog() {
        return ApprovalState.fold(log);
    }
}
