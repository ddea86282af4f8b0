package io.goakt.discovery;

/**
 * What a {@link Discovery} provider knows of the member it creates a protocol for.
 *
 * @param clusterName the JGroups cluster the member joins
 * @param bindAddress the address the member's control plane binds
 * @param controlPort the port the member's control plane binds
 */
public record DiscoveryContext(String clusterName, java.net.InetAddress bindAddress, int controlPort) {
}
