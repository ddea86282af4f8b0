package io.goakt.spring.autoconfigure;

/**
 * {@code goakt.cluster.discovery.multicast.*}: members find each other by IP multicast on the LAN; see
 * {@link io.goakt.discovery.MulticastDiscovery}.
 */
public class MulticastDiscoveryProperties {

    /** Multicast group discovery requests go to (IPv4 224.0.0.0/4 or IPv6 ff00::/8). */
    private String group = "239.192.7.80";

    /** UDP port of the group. */
    private int port = 7555;

    /** Router hops discovery datagrams may cross, 0 to 255: 1 stays on the local segment, 0 on this host. */
    private int ttl = 1;

    /**
     * Interface discovery sends and listens on, by name (eth0) or by one of its addresses; unset means the
     * interface of goakt.cluster.host.
     */
    private String networkInterface;

    /** Multicast group discovery requests go to. */
    public String getGroup() {
        return group;
    }

    /** Sets the multicast group discovery requests go to. */
    public void setGroup(String group) {
        this.group = group;
    }

    /** UDP port of the group. */
    public int getPort() {
        return port;
    }

    /** Sets the UDP port of the group. */
    public void setPort(int port) {
        this.port = port;
    }

    /** Router hops discovery datagrams may cross. */
    public int getTtl() {
        return ttl;
    }

    /** Sets the router hops discovery datagrams may cross. */
    public void setTtl(int ttl) {
        this.ttl = ttl;
    }

    /** Interface discovery sends and listens on ({@code goakt.cluster.discovery.multicast.interface}). */
    public String getInterface() {
        return networkInterface;
    }

    /** Sets the interface discovery sends and listens on. */
    public void setInterface(String networkInterface) {
        this.networkInterface = networkInterface;
    }
}
