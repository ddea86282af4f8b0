package io.goakt.discovery;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What a {@link Discovery} provider knows of the member it makes a protocol for.
 *
 * @param clusterName the cluster's name; members of other clusters are ignored by the stack
 * @param bindAddress the address this member's control plane listens on
 * @param controlPort the port this member's control plane listens on (the JGroups TCP transport's port)
 */
public record DiscoveryContext(String clusterName, InetAddress bindAddress, int controlPort) {

    /** Checks the parts. */
    public DiscoveryContext {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (controlPort < 1 || controlPort > 65535) {
            throw new IllegalArgumentException("controlPort must be within [1, 65535], was " + controlPort);
        }
    }
}
