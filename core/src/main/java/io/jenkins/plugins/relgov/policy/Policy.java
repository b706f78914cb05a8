package io.jenkins.plugins.relgov.policy;

import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release governance policy. Maps keep the order in which the policy file declares them.
 *
 * @param name           the name pipelines reference it by (e.g. {@code inopsio})
 * @param title          human title
 * @param description    what the policy is for
 * @param roles          roles by name
 * @param tiers          tiers by kind (major, minor, patch, emergency)
 * @param environments   environments by name
 * @param gates          pre-deploy gates
 * @param postDeploy     post-deploy monitoring, quality and rollback thresholds
 * @param rollback       rollback responses and the rollback command
 * @param segregation    segregation-of-duties rules for approvals
 * @param retention      how long records are kept
 * @param controls       compliance controls and the evidence kinds that support them
 * @param checklist      the pre-deployment checklist with a responsible role per check
 * @param phases         release phases with the deliverables each must archive
 * @param communication  who communicates what, when, where
 * @param reviews        recurring review and audit duties
 */
public record Policy(
        String name,
        String title,
        String description,
        Map<String, Role> roles,
        Map<TierKind, Tier> tiers,
        Map<String, Environment> environments,
        Gates gates,
        PostDeploy postDeploy,
        RollbackPolicy rollback,
        SegregationOfDuties segregation,
        Period retention,
        List<Control> controls,
        List<ChecklistItem> checklist,
        List<Phase> phases,
        List<Communication> communication,
        List<ReviewDuty> reviews) {

    public Policy {
        roles = Maps.ordered(roles);
        tiers = Maps.ordered(tiers);
        environments = Maps.ordered(environments);
        gates = gates == null ? Gates.NONE : gates;
        postDeploy = postDeploy == null ? PostDeploy.NONE : postDeploy;
        rollback = rollback == null ? RollbackPolicy.NONE : rollback;
        segregation = segregation == null ? SegregationOfDuties.STRICT : segregation;
        retention = retention == null ? Period.ZERO : retention;
        controls = List.copyOf(controls == null ? List.of() : controls);
        checklist = List.copyOf(checklist == null ? List.of() : checklist);
        phases = List.copyOf(phases == null ? List.of() : phases);
        communication = List.copyOf(communication == null ? List.of() : communication);
        reviews = List.copyOf(reviews == null ? List.of() : reviews);
    }

    public Optional<Role> role(String roleName) {
        return Optional.ofNullable(roles.get(roleName));
    }

    public Optional<Tier> tier(TierKind kind) {
        return Optional.ofNullable(tiers.get(kind));
    }

    public Optional<Environment> environment(String environmentName) {
        return Optional.ofNullable(environments.get(environmentName));
    }

    /**
     * Whether a release to {@code environmentName} needs its tier's sign-off: not where the policy promotes
     * automatically. An environment the policy does not name, or none, needs it: never fail open.
     */
    public boolean requiresApproval(String environmentName) {
        return environmentName == null
                || environment(environmentName)
                        .map(Environment::requiresApproval)
                        .orElse(true);
    }

    /** The same policy with other roles (a host adding the members it maps to each role). */
    public Policy withRoles(Map<String, Role> newRoles) {
        return new Policy(
                name,
                title,
                description,
                newRoles,
                tiers,
                environments,
                gates,
                postDeploy,
                rollback,
                segregation,
                retention,
                controls,
                checklist,
                phases,
                communication,
                reviews);
    }

    /** The controls an evidence kind supports, in policy order (empty when the kind maps to none). */
    public List<Control> controlsFor(String evidenceKind) {
        return controls.stream()
                .filter(c -> c.evidence().contains(evidenceKind))
                .toList();
    }
}
