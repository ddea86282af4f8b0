package io.goakt.discovery;

/**
 * A way for a starting cluster member to find the others: a provider of JGroups discovery protocols, chosen by
 * {@link #type()} (the value of {@code goakt.cluster.discovery.type} in a Spring Boot application).
 *
 * <p>The cluster builds each member's JGroups stack in code and asks the provider for the one protocol that finds
 * the other members: a subclass of {@link org.jgroups.protocols.Discovery} such as {@code TCPPING} (a fixed list of
 * addresses, {@link StaticDiscovery}) or {@code DNS_PING}. The protocol is placed right above the TCP transport;
 * everything above it (merging, failure detection, membership) is the same whatever the provider.
 *
 * <p>A provider is a small immutable value made from its settings. Every provider passes the shared
 * {@code DiscoveryConformance} suite (goakt-runtime tests): three members started with it form one view.
 *
 * <p>Threading: {@link #createProtocol} may be called by any thread; implementations are immutable.
 */
public interface Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by, e.g. {@code "static"}. */
    String type();

    /**
     * A new JGroups discovery protocol for one member's stack (one call per member start; a protocol instance
     * belongs to one stack and is never shared).
     *
     * @param context the cluster name and where this member's control plane listens
     */
    org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context);
}
