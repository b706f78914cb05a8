package io.jenkins.plugins.relgov.evidence;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a ledger event records; {@link #wire()} is the name written in the ledger. */
public enum EventType {
    RELEASE_STARTED("release-started", null),
    GATE_EVALUATED("gate-evaluated", "gate-result"),
    APPROVAL_DECIDED("approval-decided", "approval"),
    /** An approval attempt refused by segregation of duties (self-approval, second role ...). */
    APPROVAL_REFUSED("approval-refused", null),
    EVIDENCE_RECORDED("evidence-recorded", null),
    ARTIFACT_SIGNED("artifact-signed", "signature"),
    /** A container image signed in its registry, cosign's way ({@link ImageEvidence}). */
    IMAGE_SIGNED("image-signed", "signature"),
    ATTESTATION_CREATED("attestation-created", null),
    DEPLOYMENT("deployment", null),
    ROLLBACK("rollback", "rollback-record"),
    REVIEW("review", null);

    private final String wire;
    private final String evidenceKind;

    EventType(String wire, String evidenceKind) {
        this.wire = wire;
        this.evidenceKind = evidenceKind;
    }

    public String wire() {
        return wire;
    }

    /** The evidence kind (as policies name them) that an event of this type is by itself, if any. */
    public Optional<String> evidenceKind() {
        return Optional.ofNullable(evidenceKind);
    }

    /** Looked up for every ledger line read, so a map rather than a scan of values(). */
    private static final Map<String, EventType> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wire, t -> t));

    public static Optional<EventType> of(String wire) {
        return Optional.ofNullable(wire == null ? null : BY_WIRE.get(wire));
    }
}
