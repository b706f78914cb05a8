package io.jenkins.plugins.relgov.gate;

/**
 * Something the gate was not told that a rule of the policy needs. Evaluated without it, the rule would come out
 * n/a (and pass) or as an error nobody can fix by fixing the release, so a caller refuses to evaluate instead.
 *
 * @param input  what is missing or unknown
 * @param rule   the policy rule that needs it, e.g. {@code environments.production.branches}
 * @param reason one line for people: why the rule needs it
 */
public record MissingInput(Input input, String rule, String reason) {

    /** The facts a gate decides on, besides the reports. */
    public enum Input {
        /** The release's tier: it decides the tier's required evidence. */
        TIER,
        /** The target environment: it decides which branches may deploy. */
        ENVIRONMENT,
        /** The branch being released: the target environment accepts only some. */
        BRANCH,
        /** Where recorded evidence is found: the policy requires some. */
        EVIDENCE
    }
}
