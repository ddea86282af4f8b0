package io.goakt.discovery;

/**
 * A way for cluster members to find each other: one provider per {@code goakt.cluster.discovery.type}.
 */
public interface Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by, e.g. {@code "static"}. */
    String type();

    /** A new JGroups discovery protocol for one member's stack (one call per member start). */
    org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context);
}
