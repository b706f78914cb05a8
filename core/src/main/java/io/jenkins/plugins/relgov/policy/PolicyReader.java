package io.jenkins.plugins.relgov.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads a {@link PolicyDocument} into a {@link Policy}, collecting every problem instead of stopping
 * at the first. Each record's reader declares the keys it allows; cross references (roles, evidence
 * kinds, approval counts) are checked once the whole document has been read.
 */
final class PolicyReader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern NEGATIVE = Pattern.compile("\\s*(>=|<=|>|<|=)?\\s*-.*");

    private final PolicyDocument doc;
    private final List<PolicyProblem> problems = new ArrayList<>();
    /** Role references to check once the roles are known: path → role name. */
    private final Map<String, String> roleRefs = new LinkedHashMap<>();
    /** Evidence kind references (required evidence): path → kind. */
    private final Map<String, String> evidenceRefs = new LinkedHashMap<>();
    /** Control references (a control's crosswalk): path → control id. */
    private final Map<String, String> controlRefs = new LinkedHashMap<>();
    /** Approval rules with their path, to check counts against bounded memberships. */
    private final Map<String, ApprovalRule> approvalRefs = new LinkedHashMap<>();

    private PolicyReader(PolicyDocument doc) {
        this.doc = doc;
    }

    /** The policy, or a {@link PolicyException} with every problem found. */
    static Policy read(PolicyDocument doc) {
        PolicyReader reader = new PolicyReader(doc);
        reader.problems.addAll(doc.problems());
        Policy policy = reader.policy();
        if (!reader.problems.isEmpty()) {
            List<PolicyProblem> sorted = new ArrayList<>(reader.problems);
            sorted.sort(Comparator.comparingInt(PolicyProblem::line).thenComparingInt(PolicyProblem::column));
            throw new PolicyException(sorted, false);
        }
        return policy;
    }

    // ---------------------------------------------------------------- the document

    private Policy policy() {
        Obj root = new Obj(
                "",
                doc.root(),
                "name",
                "title",
                "description",
                "roles",
                "tiers",
                "environments",
                "gates",
                "postDeploy",
                "rollback",
                "segregationOfDuties",
                "retention",
                "controls",
                "checklist",
                "phases",
                "communication",
                "reviews");
        String name = root.str("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            problem("name", "policy name '" + name + "' must be lower case letters, digits, '_' or '-'");
        }
        Map<String, Role> roles = root.map("roles", true, this::role);
        Map<String, Tier> tierByName = root.map("tiers", true, this::tier);
        Map<TierKind, Tier> tiers = new LinkedHashMap<>();
        tierByName.values().forEach(t -> tiers.put(t.kind(), t));
        Map<String, Environment> environments = root.map("environments", false, this::environment);
        Gates gates = root.obj("gates", false, this::gates);
        PostDeploy postDeploy = root.obj("postDeploy", false, this::postDeploy);
        RollbackPolicy rollback = root.obj("rollback", false, this::rollback);
        SegregationOfDuties sod = root.obj("segregationOfDuties", false, this::segregation);
        Period retention = root.scalar("retention", false, Durations::parsePeriod);
        List<Control> controls = root.list("controls", false, this::control);
        List<ChecklistItem> checklist = root.list("checklist", false, this::checklistItem);
        List<Phase> phases = root.list("phases", false, this::phase);
        List<Communication> communication = root.list("communication", false, this::communication);
        List<ReviewDuty> reviews = root.list("reviews", false, this::review);

        unique("controls", controls.stream().map(Control::id).toList(), "control id");
        unique("checklist", checklist.stream().map(ChecklistItem::id).toList(), "checklist id");
        unique("phases", phases.stream().map(Phase::id).toList(), "phase id");
        checkReferences(roles, controls, phases);
        checkSatisfiable(roles, tierByName.values(), sod == null ? SegregationOfDuties.STRICT : sod);
        return new Policy(
                name,
                root.str("title", false),
                root.str("description", false),
                roles,
                tiers,
                environments,
                gates,
                postDeploy,
                rollback,
                sod,
                retention,
                controls,
                checklist,
                phases,
                communication,
                reviews);
    }

    private void checkReferences(Map<String, Role> roles, List<Control> controls, List<Phase> phases) {
        String known = roles.isEmpty() ? "no roles are defined" : "known: " + String.join(", ", roles.keySet());
        roleRefs.forEach((path, role) -> {
            if (!roles.containsKey(role)) {
                problem(path, "unknown role '" + role + "'" + suggestion(role, roles.keySet()) + " (" + known + ")");
            }
        });
        approvalRefs.forEach((path, rule) -> {
            Role role = roles.get(rule.role());
            if (role != null
                    && role.hasBoundedMembership()
                    && rule.count() > role.users().size()) {
                problem(
                        Paths.child(path, "count"),
                        "needs " + rule.count() + " approvals from role '" + rule.role()
                                + "', which has only " + role.users().size() + " member(s) " + role.users()
                                + " and no groups");
            }
        });
        Set<String> controlIds = new LinkedHashSet<>();
        controls.forEach(c -> controlIds.add(c.id()));
        controlRefs.forEach((path, id) -> {
            if (!controlIds.contains(id)) {
                problem(
                        path,
                        "unknown control '" + id + "'" + suggestion(id, controlIds)
                                + (controlIds.isEmpty() ? "" : " (controls: " + String.join(", ", controlIds) + ")"));
            }
        });
        // Evidence kinds are declared by controls and phase deliverables; when a policy declares any,
        // required evidence must be one of them (a typo would otherwise demand evidence nobody records).
        Set<String> kinds = new TreeSet<>();
        controls.forEach(c -> kinds.addAll(c.evidence()));
        phases.forEach(p -> p.deliverables().forEach(d -> kinds.add(d.id())));
        if (!kinds.isEmpty()) {
            evidenceRefs.forEach((path, kind) -> {
                if (!kinds.contains(kind)) {
                    problem(
                            path,
                            "unknown evidence kind '" + kind + "'" + suggestion(kind, kinds)
                                    + " (declared by controls and phase deliverables: " + String.join(", ", kinds)
                                    + ")");
                }
            });
        }
    }

    /** A sign-off no set of listed people can ever complete is a problem; see {@link Satisfiability}. */
    private void checkSatisfiable(Map<String, Role> roles, java.util.Collection<Tier> tiers, SegregationOfDuties sod) {
        Satisfiability.of(roles, tiers, sod).forEach((path, result) -> {
            if (result.verdict() == Satisfiability.Verdict.UNSATISFIABLE) {
                problem(
                        path,
                        (path.endsWith(".approvals") ? "can never be approved: " : "can never be completed: ")
                                + result.reason() + "; add members or groups, or lower a count");
            }
        });
    }

    // ---------------------------------------------------------------- records

    private Role role(String path, JsonNode node) {
        Obj o = new Obj(path, node, "description", "users", "groups");
        String name = Paths.lastKey(path);
        List<String> users = o.strings("users", false);
        List<String> groups = o.strings("groups", false);
        unique(Paths.child(path, "users"), users, "user");
        unique(Paths.child(path, "groups"), groups, "group");
        return new Role(name, o.str("description", false), users, groups);
    }

    private Tier tier(String path, JsonNode node) {
        String name = Paths.lastKey(path);
        TierKind kind = Arrays.stream(TierKind.values())
                .filter(k -> k.id().equals(name))
                .findFirst()
                .orElse(null);
        if (kind == null) {
            List<String> ids =
                    Arrays.stream(TierKind.values()).map(TierKind::id).toList();
            problemAtKey(
                    path,
                    "unknown tier '" + name + "'" + suggestion(name, ids) + " (tiers are: " + String.join(", ", ids)
                            + ")");
        }
        Obj o = new Obj(
                path,
                node,
                "versioning",
                "cadence",
                "scope",
                "approvals",
                "ordered",
                "approvalTimeout",
                "rollout",
                "requiredEvidence",
                "postHocReview",
                "branches");
        List<ApprovalRule> approvals = o.list("approvals", false, this::approval);
        unique(
                Paths.child(path, "approvals"),
                approvals.stream().map(ApprovalRule::role).toList(),
                "approval role",
                "; raise its count instead");
        List<String> branches = branches(o);
        if (kind == TierKind.EMERGENCY && branches.isEmpty() && o.node.isObject()) {
            problem(
                    Paths.child(path, "branches"),
                    "the emergency tier is chosen by branch: list its branch patterns," + " e.g. [\"hotfix/*\"]");
        }
        List<String> evidence = evidence(o, "requiredEvidence");
        return new Tier(
                kind,
                o.str("versioning", false),
                o.str("cadence", false),
                o.str("scope", false),
                approvals,
                o.bool("ordered", false),
                o.scalar("approvalTimeout", false, Durations::parse),
                o.obj("rollout", false, this::rollout),
                evidence,
                o.obj("postHocReview", false, this::postHocReview),
                branches);
    }

    private ApprovalRule approval(String path, JsonNode node) {
        Obj o = new Obj(path, node, "role", "count");
        String role = o.role("role", true);
        Integer count = o.integer("count", false, 1);
        ApprovalRule rule = new ApprovalRule(role, count == null ? 1 : count);
        if (role != null) {
            approvalRefs.put(path, rule);
        }
        return rule;
    }

    private Rollout rollout(String path, JsonNode node) {
        Obj o = new Obj(path, node, "strategy", "steps", "postDeploymentAudit", "description");
        Rollout.Strategy strategy = o.enumeration("strategy", true, Rollout.Strategy.class);
        List<Integer> steps = o.list("steps", false, (p, n) -> {
            Integer v = integerValue(p, n, 1);
            if (v != null && v > 100) {
                problem(p, "a rollout step is a traffic percentage: " + v + " is above 100");
            }
            return v;
        });
        if (!steps.isEmpty() && !steps.contains(null)) {
            for (int i = 1; i < steps.size(); i++) {
                if (steps.get(i) <= steps.get(i - 1)) {
                    problem(Paths.index(Paths.child(path, "steps"), i), "rollout steps must increase: " + steps);
                    break;
                }
            }
            if (steps.get(steps.size() - 1) != 100) {
                problem(Paths.child(path, "steps"), "rollout steps must end at 100 (full traffic): " + steps);
            }
        }
        return new Rollout(strategy, steps, o.bool("postDeploymentAudit", false), o.str("description", false));
    }

    private PostHocReview postHocReview(String path, JsonNode node) {
        Obj o = new Obj(path, node, "roles", "within");
        List<String> roles = o.list("roles", true, (p, n) -> {
            String r = stringValue(p, n);
            if (r != null) {
                roleRefs.put(p, r);
            }
            return r;
        });
        unique(Paths.child(path, "roles"), roles, "role");
        return new PostHocReview(roles, o.scalar("within", true, Durations::parse));
    }

    private Environment environment(String path, JsonNode node) {
        Obj o = new Obj(
                path,
                node,
                "approval",
                "branches",
                "purpose",
                "data",
                "access",
                "monitoring",
                "supersedeOlderRequests");
        return new Environment(
                Paths.lastKey(path),
                o.enumeration("approval", true, Environment.ApprovalMode.class),
                branches(o),
                o.str("purpose", false),
                o.str("data", false),
                o.str("access", false),
                o.str("monitoring", false),
                o.bool("supersedeOlderRequests", true));
    }

    private Gates gates(String path, JsonNode node) {
        Obj o = new Obj(
                path,
                node,
                "testsMustPass",
                "lineCoverage",
                "branchCoverage",
                "maxCritical",
                "maxHigh",
                "freezeWindows",
                "requiredEvidence",
                "onFailure",
                "reevaluation",
                "waivers");
        List<FreezeWindow> windows = o.list("freezeWindows", false, this::freezeWindow);
        unique(
                Paths.child(path, "freezeWindows"),
                windows.stream().map(FreezeWindow::name).toList(),
                "freeze window name");
        return new Gates(
                o.bool("testsMustPass", false),
                o.threshold("lineCoverage", true),
                o.threshold("branchCoverage", true),
                o.integer("maxCritical", false, 0),
                o.integer("maxHigh", false, 0),
                windows,
                evidence(o, "requiredEvidence"),
                o.enumeration("onFailure", false, Gates.OnFailure.class),
                o.obj("reevaluation", false, this::reevaluation),
                o.list("waivers", false, this::waiver));
    }

    private Gates.Reevaluation reevaluation(String path, JsonNode node) {
        Obj o = new Obj(path, node, "interval", "timeout");
        Duration interval = o.scalar("interval", true, Durations::parse);
        Duration timeout = o.scalar("timeout", true, Durations::parse);
        if (interval != null && timeout != null && timeout.compareTo(interval) < 0) {
            problem(
                    Paths.child(path, "timeout"),
                    "timeout " + Durations.format(timeout) + " is shorter than the interval "
                            + Durations.format(interval));
        }
        return new Gates.Reevaluation(interval, timeout);
    }

    private FreezeWindow freezeWindow(String path, JsonNode node) {
        Obj o = new Obj(path, node, "name", "zone", "start", "end", "days", "from", "to");
        String name = o.str("name", true);
        ZoneId zone = o.scalar("zone", true, PolicyReader::zone);
        boolean dates = o.has("start") || o.has("end");
        boolean weekly = o.has("days") || o.has("from") || o.has("to");
        if (dates && weekly) {
            problem(path, "a freeze window is either dates (start, end) or weekly (days, from, to), not both");
            return null;
        }
        if (!dates && !weekly) {
            if (o.node.isObject()) {
                problem(path, "a freeze window needs start and end, or days, from and to");
            }
            return null;
        }
        if (dates) {
            LocalDateTime start = o.scalar("start", true, LocalDateTime::parse);
            LocalDateTime end = o.scalar("end", true, LocalDateTime::parse);
            if (start != null && end != null && !end.isAfter(start)) {
                problem(
                        Paths.child(path, "end"),
                        "freeze window '" + name + "' ends (" + end + ") before it starts (" + start + ")");
            }
            return new FreezeWindow.Dates(name, zone, start, end);
        }
        List<DayOfWeek> days = o.list("days", true, (p, n) -> {
            String d = stringValue(p, n);
            return d == null ? null : day(p, d);
        });
        LocalTime from = o.scalar("from", true, LocalTime::parse);
        LocalTime to = o.scalar("to", true, LocalTime::parse);
        if (from != null && from.equals(to)) {
            problem(Paths.child(path, "to"), "freeze window '" + name + "' is empty: from and to are both " + from);
        }
        return new FreezeWindow.Weekly(
                name,
                zone,
                new LinkedHashSet<>(days.stream().filter(d -> d != null).toList()),
                from,
                to);
    }

    private DayOfWeek day(String path, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
                return d;
            }
        }
        problem(path, "unknown day '" + text + "' (write MON, TUE, WED, THU, FRI, SAT or SUN)");
        return null;
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text + "' (write a region id such as"
                    + " Europe/Paris, Africa/Casablanca or UTC)");
        }
    }

    private Waiver waiver(String path, JsonNode node) {
        Obj o = new Obj(path, node, "check", "acceptedBy", "reason", "expires", "reference");
        String check = o.str("check", true);
        if (check != null && !Gates.isCheckId(check)) {
            problem(
                    o.at("check"),
                    "unknown gate check '" + check + "'" + suggestion(check, Gates.CHECK_IDS)
                            + " (a waiver names one of " + String.join(", ", Gates.CHECK_IDS)
                            + ", or evidence.<kind>)");
        }
        // present is not enough: an empty string names nobody and gives no reason
        String acceptedBy = o.str("acceptedBy", true);
        if (acceptedBy != null && acceptedBy.isBlank()) {
            problem(o.at("acceptedBy"), "must name who accepted the risk, not be blank");
        }
        String reason = o.str("reason", true);
        if (reason != null && reason.isBlank()) {
            problem(o.at("reason"), "must say why the risk is accepted, not be blank");
        }
        return new Waiver(
                check, acceptedBy, reason, o.scalar("expires", true, Instant::parse), o.str("reference", false));
    }

    private PostDeploy postDeploy(String path, JsonNode node) {
        Obj o = new Obj(
                path, node, "monitoringWindow", "quality", "rollbackTriggers", "reactionTime", "healthChecksMustPass");
        List<MetricRule> quality = o.list("quality", false, this::metric);
        List<MetricRule> triggers = o.list("rollbackTriggers", false, this::metric);
        unique(
                Paths.child(path, "quality"),
                quality.stream().map(MetricRule::metric).toList(),
                "metric");
        unique(
                Paths.child(path, "rollbackTriggers"),
                triggers.stream().map(MetricRule::metric).toList(),
                "metric");
        return new PostDeploy(
                o.scalar("monitoringWindow", false, Durations::parse),
                quality,
                triggers,
                o.scalar("reactionTime", false, Durations::parse),
                o.bool("healthChecksMustPass", false));
    }

    private MetricRule metric(String path, JsonNode node) {
        Obj o = new Obj(path, node, "metric", "threshold", "query");
        return new MetricRule(o.str("metric", true), o.threshold("threshold", false, true), o.str("query", false));
    }

    private RollbackPolicy rollback(String path, JsonNode node) {
        Obj o = new Obj(path, node, "command", "responses");
        return new RollbackPolicy(o.str("command", false), o.list("responses", false, (p, n) -> {
            Obj r = new Obj(p, n, "trigger", "response", "owner", "within");
            return new RollbackPolicy.Response(
                    r.str("trigger", true),
                    r.str("response", true),
                    r.role("owner", true),
                    r.scalar("within", false, Durations::parse));
        }));
    }

    private SegregationOfDuties segregation(String path, JsonNode node) {
        Obj o = new Obj(
                path,
                node,
                "excludeTriggerer",
                "excludeCommitAuthors",
                "distinctApprovers",
                "administrators",
                "breakGlassReview",
                "refuseReplay");
        SegregationOfDuties.AdminPower admins =
                o.enumeration("administrators", false, SegregationOfDuties.AdminPower.class);
        PostHocReview review = o.obj("breakGlassReview", false, this::postHocReview);
        if (admins == SegregationOfDuties.AdminPower.BREAK_GLASS && review == null && o.node.isObject()) {
            problem(
                    Paths.child(path, "breakGlassReview"),
                    "break-glass approvals need a post-hoc review:"
                            + " add breakGlassReview: {roles: [...], within: 72h}");
        }
        // Absent switches take the strict default: a policy has to say so to weaken segregation.
        return new SegregationOfDuties(
                o.bool("excludeTriggerer", true),
                o.bool("excludeCommitAuthors", true),
                o.bool("distinctApprovers", true),
                admins,
                review,
                o.bool("refuseReplay", true));
    }

    private Control control(String path, JsonNode node) {
        Obj o = new Obj(path, node, "id", "framework", "title", "evidence", "crosswalk");
        List<String> evidence = o.strings("evidence", true);
        unique(Paths.child(path, "evidence"), evidence, "evidence kind");
        List<String> crosswalk = o.strings("crosswalk", false);
        String crosswalkPath = Paths.child(path, "crosswalk");
        unique(crosswalkPath, crosswalk, "crosswalk id");
        String id = o.str("id", true);
        for (int i = 0; i < crosswalk.size(); i++) {
            if (crosswalk.get(i).equals(id)) {
                problem(Paths.index(crosswalkPath, i), "control '" + id + "' cannot correspond to itself");
            } else {
                controlRefs.put(Paths.index(crosswalkPath, i), crosswalk.get(i));
            }
        }
        return new Control(id, o.str("framework", true), o.str("title", false), evidence, crosswalk);
    }

    private ChecklistItem checklistItem(String path, JsonNode node) {
        Obj o = new Obj(path, node, "id", "check", "responsible");
        return new ChecklistItem(o.str("id", true), o.str("check", true), o.role("responsible", true));
    }

    private Phase phase(String path, JsonNode node) {
        Obj o = new Obj(path, node, "id", "name", "deliverables");
        List<Phase.Deliverable> deliverables = o.list("deliverables", true, (p, n) -> {
            Obj d = new Obj(p, n, "id", "name", "required");
            return new Phase.Deliverable(d.str("id", true), d.str("name", true), d.bool("required", true));
        });
        unique(
                Paths.child(path, "deliverables"),
                deliverables.stream().map(Phase.Deliverable::id).toList(),
                "deliverable id");
        return new Phase(o.str("id", true), o.str("name", true), deliverables);
    }

    private Communication communication(String path, JsonNode node) {
        Obj o = new Obj(path, node, "phase", "channels", "responsible");
        return new Communication(o.str("phase", true), o.strings("channels", false), o.role("responsible", true));
    }

    private ReviewDuty review(String path, JsonNode node) {
        Obj o = new Obj(path, node, "role", "responsibility", "frequency");
        return new ReviewDuty(o.role("role", true), o.str("responsibility", true), o.str("frequency", false));
    }

    /** Branch patterns (see {@code release.BranchGlob}); a blank one would match nothing and hide a mistake. */
    private List<String> branches(Obj o) {
        List<String> patterns = o.strings("branches", false);
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).isBlank()) {
                problem(
                        Paths.index(Paths.child(o.path, "branches"), i),
                        "a branch pattern cannot be empty" + " (write e.g. main, release/* or hotfix/*)");
            }
        }
        return patterns;
    }

    private List<String> evidence(Obj o, String key) {
        List<String> kinds = o.strings(key, false);
        String listPath = Paths.child(o.path, key);
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) != null) {
                evidenceRefs.put(Paths.index(listPath, i), kinds.get(i));
            }
        }
        unique(listPath, kinds, "evidence kind");
        return kinds;
    }

    // ---------------------------------------------------------------- problems

    private void problem(String path, String message) {
        problems.add(doc.problemAt(path, message));
    }

    private void problemAtKey(String path, String message) {
        problems.add(doc.problemAtKey(path, message));
    }

    /** Reports the second and later occurrences of a name in a list. */
    private void unique(String listPath, List<String> names, String what) {
        unique(listPath, names, what, "");
    }

    private void unique(String listPath, List<String> names, String what, String hint) {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n != null && !seen.add(n)) {
                problem(Paths.index(listPath, i), "duplicate " + what + " '" + n + "'" + hint);
            }
        }
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case STRING -> "text '" + node.textValue() + "'";
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> "boolean " + node.asText();
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** " (did you mean 'x'?)" when a candidate is close enough to be the intended one. */
    static String suggestion(String wrong, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---------------------------------------------------------------- typed access

    private String stringValue(String path, JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText(); // YAML reads `cadence: 2024` as a number; the author meant the text
        }
        problem(path, "expected text, found " + kind(node));
        return null;
    }

    private Integer integerValue(String path, JsonNode node, int min) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(path, "expected a whole number, found " + kind(node));
            return null;
        }
        if (node.intValue() < min) {
            problem(path, "must be at least " + min + ", found " + node.intValue());
            return null;
        }
        return node.intValue();
    }

    /** An object in the document with its declared keys. Accessors record problems and return null. */
    private final class Obj {
        final String path;
        final JsonNode node;

        Obj(String path, JsonNode node, String... allowed) {
            this.path = path;
            this.node = node;
            if (node == null || !node.isObject()) {
                problem(path, "expected a mapping with keys " + String.join(", ", allowed) + ", found " + kind(node));
                return;
            }
            List<String> known = List.of(allowed);
            node.fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    problemAtKey(
                            Paths.child(path, key),
                            "unknown key '" + key + "'" + suggestion(key, known) + " (allowed: "
                                    + String.join(", ", known) + ")");
                }
            });
        }

        boolean has(String key) {
            return node != null
                    && node.isObject()
                    && node.has(key)
                    && !node.get(key).isNull();
        }

        /** The child node, or null after recording a missing-field problem when required. */
        private JsonNode child(String key, boolean required) {
            if (node == null || !node.isObject()) {
                return null;
            }
            JsonNode c = node.get(key);
            if (c == null || c.isNull()) {
                if (required) {
                    problem(path.isEmpty() ? key : Paths.child(path, key), "missing required field '" + key + "'");
                }
                return null;
            }
            return c;
        }

        private String at(String key) {
            return Paths.child(path, key);
        }

        String str(String key, boolean required) {
            JsonNode c = child(key, required);
            return c == null ? null : stringValue(at(key), c);
        }

        String role(String key, boolean required) {
            String r = str(key, required);
            if (r != null) {
                roleRefs.put(at(key), r);
            }
            return r;
        }

        boolean bool(String key, boolean absent) {
            JsonNode c = child(key, false);
            if (c == null) {
                return absent;
            }
            if (!c.isBoolean()) {
                problem(at(key), "expected true or false, found " + kind(c));
                return absent;
            }
            return c.booleanValue();
        }

        Integer integer(String key, boolean required, int min) {
            JsonNode c = child(key, required);
            return c == null ? null : integerValue(at(key), c, min);
        }

        /** A scalar written as text and parsed by {@code parse}, whose IllegalArgumentException message is reported. */
        <T> T scalar(String key, boolean required, java.util.function.Function<String, T> parse) {
            JsonNode c = child(key, required);
            if (c == null) {
                return null;
            }
            String text = stringValue(at(key), c);
            if (text == null) {
                return null;
            }
            try {
                return parse.apply(text);
            } catch (DateTimeParseException e) {
                problem(
                        at(key),
                        "malformed date/time '" + text + "' (" + e.getMessage().replaceFirst("^Text '.*?' ", "")
                                + "); write e.g. 2026-12-20T00:00, 16:00 or 2026-12-31T00:00:00Z");
            } catch (IllegalArgumentException e) {
                problem(at(key), e.getMessage());
            }
            return null;
        }

        Threshold threshold(String key, boolean percent) {
            return threshold(key, percent, false);
        }

        Threshold threshold(String key, boolean percent, boolean required) {
            JsonNode c = child(key, required);
            if (c == null) {
                return null;
            }
            String text = stringValue(at(key), c);
            if (text == null) {
                return null;
            }
            if (NEGATIVE.matcher(text).matches()) {
                problem(at(key), "threshold '" + text + "' is negative; limits are zero or more");
                return null;
            }
            Threshold t;
            try {
                t = Threshold.parse(text);
            } catch (IllegalArgumentException e) {
                problem(at(key), e.getMessage());
                return null;
            }
            if (percent && t.unit() != Threshold.Unit.PERCENT) {
                problem(at(key), "threshold '" + text + "' must be a percentage, e.g. '> 90%'");
                return null;
            }
            if (t.unit() == Threshold.Unit.PERCENT && t.value() > 100) {
                problem(at(key), "threshold '" + text + "' is out of range: a percentage is between 0 and 100");
                return null;
            }
            return t;
        }

        <E extends Enum<E>> E enumeration(String key, boolean required, Class<E> type) {
            String text = str(key, required);
            if (text == null) {
                return null;
            }
            String constant = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(constant)) {
                    return e;
                }
            }
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList();
            problem(
                    at(key),
                    "unknown value '" + text + "'" + suggestion(text, names) + " (one of: " + String.join(", ", names)
                            + ")");
            return null;
        }

        <T> T obj(String key, boolean required, BiFunction<String, JsonNode, T> reader) {
            JsonNode c = child(key, required);
            return c == null ? null : reader.apply(at(key), c);
        }

        List<String> strings(String key, boolean required) {
            return list(key, required, PolicyReader.this::stringValue);
        }

        /** A list; items are read in order, each with its own path. */
        <T> List<T> list(String key, boolean required, BiFunction<String, JsonNode, T> item) {
            JsonNode c = child(key, required);
            if (c == null) {
                return List.of();
            }
            if (!c.isArray()) {
                problem(at(key), "expected a list, found " + kind(c));
                return List.of();
            }
            List<T> out = new ArrayList<>();
            for (int i = 0; i < c.size(); i++) {
                T t = item.apply(Paths.index(at(key), i), c.get(i));
                if (t != null) { // null: its problem is recorded already
                    out.add(t);
                }
            }
            return out;
        }

        /** A mapping whose keys are names; values read in declaration order. */
        <T> Map<String, T> map(String key, boolean required, BiFunction<String, JsonNode, T> value) {
            JsonNode c = child(key, required);
            if (c == null) {
                return Map.of();
            }
            if (!c.isObject()) {
                problem(at(key), "expected a mapping of names, found " + kind(c));
                return Map.of();
            }
            Map<String, T> out = new LinkedHashMap<>();
            c.fieldNames().forEachRemaining(name -> {
                if (!NAME.matcher(name).matches()) {
                    problemAtKey(
                            Paths.child(at(key), name),
                            "name '" + name + "' must be lower case letters, digits, '_' or '-'");
                }
                out.put(name, value.apply(Paths.child(at(key), name), c.get(name)));
            });
            return out;
        }
    }
}
