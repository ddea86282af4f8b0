package io.goakt.cluster;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a member decides whether its side of the cluster may go on running cluster-wide services (singletons,
 * relocation, cluster-unique registrations, grain activations) when members become unreachable or leave. A network
 * partition shows each side the other as crashed; without a rule both sides would start what the other runs.
 *
 * <p>The members a rule counts are those of the current view that are not unreachable. The side that fails the rule
 * stops its singletons and relocatable actors, refuses cluster-unique spawns and grain activations, and reports
 * {@link QuorumLost}; it keeps its membership, so once the partition heals the views merge and it reports
 * {@link QuorumRegained}.
 */
public enum QuorumRule {

    /**
     * The side with more than half of the members of the last stable view keeps quorum; on an even split, the side
     * holding that view's oldest member. The last stable view is the latest view that stayed unchanged, with quorum,
     * for {@link ClusterConfig#stableAfter()}. The default.
     */
    KEEP_MAJORITY("keep-majority"),

    /** A side keeps quorum while it has at least {@link ClusterConfig#minPeers()} reachable members. */
    STATIC_QUORUM("static-quorum");

    private final String propertyValue;

    QuorumRule(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** The rule's name in configuration ({@code goakt.cluster.quorum}): {@code keep-majority}, {@code static-quorum}. */
    public String propertyValue() {
        return propertyValue;
    }

    /**
     * The rule named {@code value} in configuration, ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed values when there is none
     */
    public static QuorumRule fromPropertyValue(String value) {
        for (QuorumRule r : values()) {
            if (r.propertyValue.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("quorum rule '" + value + "' is not one of " + Arrays.stream(values())
                .map(QuorumRule::propertyValue).collect(Collectors.joining(", ")));
    }
}
