package io.jenkins.plugins.relgov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every validation rule, each with the message an admin sees. */
class PolicyValidationTest {

    private static final String ROLES = """
            name: acme
            roles:
              ciso: {groups: [ciso]}
              cto: {users: [alice, bob]}
            """;

    private static List<String> problems(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("acme.yaml", yaml));
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        return e.problems().stream().map(PolicyProblem::toString).toList();
    }

    private static String only(String yaml) {
        List<String> p = problems(yaml);
        assertThat(p).hasSize(1);
        return p.get(0);
    }

    @Test
    void aMinimalPolicyIsValid() {
        Policy p = PolicyLoader.parse("acme.yaml", ROLES + "tiers:\n  major: {approvals: [{role: ciso}]}\n")
                .policy();
        assertThat(p.tier(TierKind.MAJOR).orElseThrow().approvals()).containsExactly(new ApprovalRule("ciso", 1));
        assertThat(p.segregation()).isEqualTo(SegregationOfDuties.STRICT);
    }

    @Test
    void reportsEveryProblemTogetherWithFileLineColumnAndPath() {
        List<String> p = problems(ROLES + """
                tiers:
                  major:
                    approvals:
                      - {role: ciso, count: 1}
                      - {role: cisoo, count: 1}
                    approvalTimout: 7d
                  minor:
                    approvals: [{role: cto, count: 3}]
                postDeploy:
                  monitoringWindow: 48 hours
                  rollbackTriggers:
                    - {metric: error-rate, threshold: "> 105%"}
                """);
        assertThat(p)
                .containsExactly(
                        "acme.yaml:9:16: tiers.major.approvals[1].role: unknown role 'cisoo' (did you mean 'ciso'?) (known: ciso, cto)",
                        "acme.yaml:10:5: tiers.major.approvalTimout: unknown key 'approvalTimout' (did you mean 'approvalTimeout'?)"
                                + " (allowed: versioning, cadence, scope, approvals, ordered, approvalTimeout, rollout,"
                                + " requiredEvidence, postHocReview, branches)",
                        "acme.yaml:12:36: tiers.minor.approvals[0].count: needs 3 approvals from role 'cto', which has only 2"
                                + " member(s) [alice, bob] and no groups",
                        "acme.yaml:14:21: postDeploy.monitoringWindow: malformed duration '48 hours' (write e.g. 48h, 30m, 10s,"
                                + " 500ms, 7d, 1h30m or ISO-8601 PT48H)",
                        "acme.yaml:16:39: postDeploy.rollbackTriggers[0].threshold: threshold '> 105%' is out of range:"
                                + " a percentage is between 0 and 100");
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosest() {
        assertThat(only(ROLES + "tier: {}\ntiers: {}\n"))
                .isEqualTo("acme.yaml:5:1: tier: unknown key 'tier'"
                        + " (did you mean 'tiers'?) (allowed: name, title, description, roles, tiers, environments, gates,"
                        + " postDeploy, rollback, segregationOfDuties, retention, controls, checklist, phases, communication,"
                        + " reviews)");
    }

    @Test
    void missingRequiredFields() {
        assertThat(problems("title: x\n"))
                .containsExactly(
                        "acme.yaml:1:1: name: missing required field 'name'",
                        "acme.yaml:1:1: roles: missing required field 'roles'",
                        "acme.yaml:1:1: tiers: missing required field 'tiers'");
        assertThat(only(ROLES + "tiers:\n  major: {approvals: [{count: 1}]}\n"))
                .isEqualTo("acme.yaml:6:23: tiers.major.approvals[0].role: missing required field 'role'");
    }

    @Test
    void wrongTypes() {
        assertThat(problems(ROLES + """
                tiers:
                  major: {approvals: {role: ciso}, ordered: yes-please}
                gates: {maxCritical: none, testsMustPass: 1}
                checklist: {id: x}
                """))
                .containsExactly(
                        "acme.yaml:6:22: tiers.major.approvals: expected a list, found a mapping",
                        "acme.yaml:6:45: tiers.major.ordered: expected true or false, found text 'yes-please'",
                        "acme.yaml:7:22: gates.maxCritical: expected a whole number, found text 'none'",
                        "acme.yaml:7:43: gates.testsMustPass: expected true or false, found number 1",
                        "acme.yaml:8:12: checklist: expected a list, found a mapping");
    }

    @Test
    void anEnvironmentSupersedesOlderRequestsUnlessItSaysOtherwise() {
        Policy p = PolicyLoader.parse("acme.yaml", ROLES + """
                tiers:
                  major: {approvals: [{role: ciso}]}
                environments:
                  production: {approval: manual}
                  audit: {approval: manual, supersedeOlderRequests: false}
                """).policy();
        assertThat(p.environments().get("production").supersede()).isTrue();
        assertThat(p.environments().get("audit").supersede()).isFalse();
        assertThat(only(ROLES + """
                tiers:
                  major: {approvals: [{role: ciso}]}
                environments:
                  production: {approval: manual, supersedeOlderRequests: sometimes}
                """))
                .isEqualTo("acme.yaml:8:58: environments.production.supersedeOlderRequests: expected true or false,"
                        + " found text 'sometimes'");
    }

    @Test
    void unknownRolesEverywhereARoleIsReferenced() {
        List<String> p = problems(ROLES + """
                tiers:
                  emergency:
                    branches: ["hotfix/*"]
                    postHocReview: {roles: [ciso, secops], within: 72h}
                checklist:
                  - {id: a, check: A, responsible: qa}
                rollback:
                  responses: [{trigger: t, response: r, owner: sre}]
                segregationOfDuties:
                  administrators: break-glass
                  breakGlassReview: {roles: [auditor], within: 72h}
                communication: [{phase: pre, responsible: pr}]
                reviews: [{role: board, responsibility: audit}]
                """);
        assertThat(p)
                .hasSize(6)
                .allSatisfy(s -> assertThat(s).contains("unknown role").contains("(known: ciso, cto)"));
        assertThat(p)
                .extracting(s -> s.substring(0, s.indexOf(": unknown")))
                .containsExactly(
                        "acme.yaml:8:35: tiers.emergency.postHocReview.roles[1]",
                        "acme.yaml:10:36: checklist[0].responsible",
                        "acme.yaml:12:48: rollback.responses[0].owner",
                        "acme.yaml:15:30: segregationOfDuties.breakGlassReview.roles[0]",
                        "acme.yaml:16:43: communication[0].responsible",
                        "acme.yaml:17:18: reviews[0].role");
    }

    @Test
    void approvalCountsBelowOne() {
        assertThat(only(ROLES + "tiers:\n  major: {approvals: [{role: ciso, count: 0}]}\n"))
                .isEqualTo("acme.yaml:6:43: tiers.major.approvals[0].count: must be at least 1, found 0");
    }

    @Test
    void approvalCountAboveAFixedMembership() {
        assertThat(only(ROLES + "tiers:\n  major: {approvals: [{role: cto, count: 3}]}\n"))
                .contains("needs 3 approvals from role 'cto', which has only 2 member(s) [alice, bob] and no groups");
        // groups make membership open-ended: any count is possible
        PolicyLoader.parse("acme.yaml", ROLES + "tiers:\n  major: {approvals: [{role: ciso, count: 5}]}\n");
    }

    @Test
    void thresholds() {
        assertThat(problems(ROLES + """
                tiers: {}
                gates: {lineCoverage: "> 190%", branchCoverage: "> 80", maxHigh: -1}
                postDeploy:
                  quality:
                    - {metric: latency, threshold: "< -5ms"}
                    - {metric: errors, threshold: "about 2%"}
                """))
                .containsExactly(
                        "acme.yaml:6:23: gates.lineCoverage: threshold '> 190%' is out of range: a percentage is between 0 and 100",
                        "acme.yaml:6:49: gates.branchCoverage: threshold '> 80' must be a percentage, e.g. '> 90%'",
                        "acme.yaml:6:66: gates.maxHigh: must be at least 0, found -1",
                        "acme.yaml:9:36: postDeploy.quality[0].threshold: threshold '< -5ms' is negative; limits are zero or more",
                        "acme.yaml:10:35: postDeploy.quality[1].threshold: expected a comparison such as '> 90%', '< 500ms'"
                                + " or '<= 0', got 'about 2%'");
    }

    @Test
    void durationsAndPeriods() {
        assertThat(problems(ROLES + """
                tiers:
                  major: {approvalTimeout: 7 days}
                postDeploy: {monitoringWindow: PT48H, reactionTime: 0m}
                retention: seven years
                """))
                .containsExactly(
                        "acme.yaml:6:28: tiers.major.approvalTimeout: malformed duration '7 days' (write e.g. 48h, 30m, 10s,"
                                + " 500ms, 7d, 1h30m or ISO-8601 PT48H)",
                        "acme.yaml:7:53: postDeploy.reactionTime: duration '0m' must be greater than zero",
                        "acme.yaml:8:12: retention: malformed period 'seven years' (write e.g. 7y, 18mo, 2w, 30d or ISO-8601 P7Y)");
        Policy p = PolicyLoader.parse(
                        "acme.yaml", ROLES + "tiers: {}\nretention: P7Y\npostDeploy: {monitoringWindow: 1h30m}\n")
                .policy();
        assertThat(p.retention()).isEqualTo(java.time.Period.ofYears(7));
        assertThat(p.postDeploy().monitoringWindow()).isEqualTo(java.time.Duration.ofMinutes(90));
    }

    @Test
    void freezeWindows() {
        assertThat(problems(ROLES + """
                tiers: {}
                gates:
                  freezeWindows:
                    - {name: xmas, zone: Europe/Paris, start: 2027-01-04T00:00, end: 2026-12-20T00:00}
                    - {name: fri, zone: Mars/Olympus, days: [FRI, SATURDAY, FUNDAY], from: "16:00", to: "16:00"}
                    - {name: xmas, zone: UTC, start: 2026-12-20, end: 2027-01-04T00:00}
                    - {name: both, zone: UTC, start: 2026-12-20T00:00, days: [MON]}
                """))
                .containsExactly(
                        "acme.yaml:8:70: gates.freezeWindows[0].end: freeze window 'xmas' ends (2026-12-20T00:00) before it"
                                + " starts (2027-01-04T00:00)",
                        "acme.yaml:9:25: gates.freezeWindows[1].zone: unknown time zone 'Mars/Olympus' (write a region id"
                                + " such as Europe/Paris, Africa/Casablanca or UTC)",
                        "acme.yaml:9:61: gates.freezeWindows[1].days[2]: unknown day 'FUNDAY' (write MON, TUE, WED, THU, FRI,"
                                + " SAT or SUN)",
                        "acme.yaml:9:89: gates.freezeWindows[1].to: freeze window 'fri' is empty: from and to are both 16:00",
                        "acme.yaml:10:7: gates.freezeWindows[2]: duplicate freeze window name 'xmas'",
                        "acme.yaml:10:38: gates.freezeWindows[2].start: malformed date/time '2026-12-20' (could not be parsed"
                                + " at index 10); write e.g. 2026-12-20T00:00, 16:00 or 2026-12-31T00:00:00Z",
                        "acme.yaml:11:7: gates.freezeWindows[3]: a freeze window is either dates (start, end) or weekly"
                                + " (days, from, to), not both");
    }

    @Test
    void unknownTierNamesAndEnumValues() {
        assertThat(problems(ROLES + """
                tiers:
                  majr: {}
                  emergency: {}
                environments:
                  production: {approval: manually}
                  Prod: {approval: manual}
                """))
                .containsExactly(
                        "acme.yaml:6:3: tiers.majr: unknown tier 'majr' (did you mean 'major'?) (tiers are: major, minor,"
                                + " patch, emergency)",
                        "acme.yaml:7:14: tiers.emergency.branches: the emergency tier is chosen by branch: list its branch"
                                + " patterns, e.g. [\"hotfix/*\"]",
                        "acme.yaml:9:26: environments.production.approval: unknown value 'manually' (did you mean 'manual'?)"
                                + " (one of: automatic, manual)",
                        "acme.yaml:10:3: environments.Prod: name 'Prod' must be lower case letters, digits, '_' or '-'");
    }

    @Test
    void duplicates() {
        assertThat(problems("""
                name: acme
                roles:
                  ciso: {groups: [ciso]}
                  ciso: {groups: [security]}
                tiers:
                  major: {approvals: [{role: ciso}, {role: ciso}]}
                checklist:
                  - {id: a, check: A, responsible: ciso}
                  - {id: a, check: B, responsible: ciso}
                """))
                .containsExactly(
                        "acme.yaml:4:3: roles.ciso: duplicate key 'ciso' (first at line 3)",
                        "acme.yaml:6:37: tiers.major.approvals[1]: duplicate approval role 'ciso'; raise its count instead",
                        "acme.yaml:9:5: checklist[1]: duplicate checklist id 'a'");
    }

    @Test
    void waiversNeedWhoWhyAndExpiry() {
        assertThat(problems(ROLES + """
                tiers: {}
                gates:
                  waivers:
                    - {check: findings.critical}
                    - {check: coverage.line, acceptedBy: ciso, reason: legacy module, expires: next year}
                """))
                .containsExactly(
                        "acme.yaml:8:7: gates.waivers[0].acceptedBy: missing required field 'acceptedBy'",
                        "acme.yaml:8:7: gates.waivers[0].reason: missing required field 'reason'",
                        "acme.yaml:8:7: gates.waivers[0].expires: missing required field 'expires'",
                        "acme.yaml:9:80: gates.waivers[1].expires: malformed date/time 'next year' (could not be parsed at"
                                + " index 0); write e.g. 2026-12-20T00:00, 16:00 or 2026-12-31T00:00:00Z");
    }

    @Test
    void requiredEvidenceMustBeADeclaredKind() {
        assertThat(only(ROLES + """
                tiers:
                  major: {requiredEvidence: [test-summary, risk-assesment]}
                controls:
                  - {id: A.14, framework: ISO 27001, evidence: [test-summary]}
                phases:
                  - id: planning
                    name: Planning
                    deliverables: [{id: risk-assessment, name: Risk assessment}]
                """))
                .isEqualTo("acme.yaml:6:44: tiers.major.requiredEvidence[1]: unknown evidence kind"
                        + " 'risk-assesment' (did you mean 'risk-assessment'?) (declared by controls and phase deliverables:"
                        + " risk-assessment, test-summary)");
        // a policy that declares no kinds at all may require any
        PolicyLoader.parse("acme.yaml", ROLES + "tiers:\n  major: {requiredEvidence: [anything]}\n");
    }

    @Test
    void aCrosswalkNamesControlsOfThePolicy() {
        Policy p = PolicyLoader.parse("acme.yaml", ROLES + """
                tiers:
                  major: {requiredEvidence: [change-reason]}
                controls:
                  - {id: A.12, framework: ISO 27001, evidence: [approval], crosswalk: [ISO27001-2022-A.8.32]}
                  - {id: ISO27001-2022-A.8.32, framework: "ISO/IEC 27001:2022", evidence: [change-reason, approval]}
                """).policy();
        assertThat(p.controls().get(0).crosswalk()).containsExactly("ISO27001-2022-A.8.32");
        assertThat(p.controls().get(1).crosswalk()).isEmpty();
        assertThat(problems(ROLES + """
                tiers:
                  major: {}
                controls:
                  - {id: A.12, framework: ISO 27001, evidence: [approval], crosswalk: [A.8.23, A.12, A.8.32, A.8.32]}
                  - {id: A.8.32, framework: ISO 27001, evidence: [approval]}
                """))
                .containsExactly(
                        "acme.yaml:8:72: controls[0].crosswalk[0]: unknown control 'A.8.23' (did you mean 'A.8.32'?)"
                                + " (controls: A.12, A.8.32)",
                        "acme.yaml:8:80: controls[0].crosswalk[1]: control 'A.12' cannot correspond to itself",
                        "acme.yaml:8:94: controls[0].crosswalk[3]: duplicate crosswalk id 'A.8.32'");
    }

    @Test
    void rolloutSteps() {
        assertThat(problems(ROLES + """
                tiers:
                  major: {rollout: {strategy: canery, steps: [10, 5, 150]}}
                """))
                .containsExactly(
                        "acme.yaml:6:31: tiers.major.rollout.strategy: unknown value 'canery' (did you mean 'canary'?)"
                                + " (one of: canary, phased, standard, hotfix)",
                        "acme.yaml:6:46: tiers.major.rollout.steps: rollout steps must end at 100 (full traffic): [10, 5, 150]",
                        "acme.yaml:6:51: tiers.major.rollout.steps[1]: rollout steps must increase: [10, 5, 150]",
                        "acme.yaml:6:54: tiers.major.rollout.steps[2]: a rollout step is a traffic percentage: 150 is above 100");
    }

    @Test
    void breakGlassNeedsAReviewAndBranchPatternsCannotBeBlank() {
        assertThat(problems(ROLES + """
                tiers: {emergency: {branches: ["hotfix/*", " "]}}
                environments: {production: {approval: manual, branches: [""]}}
                segregationOfDuties: {administrators: break-glass}
                """))
                .containsExactly(
                        "acme.yaml:5:44: tiers.emergency.branches[1]: a branch pattern cannot be empty (write e.g. main,"
                                + " release/* or hotfix/*)",
                        "acme.yaml:6:58: environments.production.branches[0]: a branch pattern cannot be empty (write e.g."
                                + " main, release/* or hotfix/*)",
                        "acme.yaml:7:22: segregationOfDuties.breakGlassReview: break-glass approvals need a post-hoc review:"
                                + " add breakGlassReview: {roles: [...], within: 72h}");
    }

    @Test
    void malformedDocumentsAreReportedAsSuch() {
        PolicyException yaml = catchThrowableOfType(
                PolicyException.class, () -> PolicyLoader.parse("acme.yaml", "name: acme\nroles: [unclosed\n"));
        assertThat(yaml.malformed()).isTrue();
        assertThat(yaml.problems().get(0).toString())
                .isEqualTo(
                        "acme.yaml:3:1: not valid YAML: while parsing a flow sequence (line 2, column 8): expected ',' or ']', but got <stream end>");
        PolicyException json = catchThrowableOfType(
                PolicyException.class, () -> PolicyLoader.parse("acme.json", "{\"name\": \"acme\",\n \"roles\": }"));
        assertThat(json.problems().get(0).toString())
                .startsWith("acme.json:2:11: not valid JSON: Unexpected character ('}'");
        assertThatThrownBy(() -> PolicyLoader.parse("acme.yaml", "- just\n- a list\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("a policy must be a mapping");
        assertThatThrownBy(() -> PolicyLoader.parse("acme.yaml", "")).hasMessageContaining("empty");
    }
}
