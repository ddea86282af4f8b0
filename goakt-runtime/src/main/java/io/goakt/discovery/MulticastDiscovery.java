package io.goakt.discovery;

import io.goakt.internal.util.SetOnce;
import org.jgroups.protocols.MPING;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Objects;

/**
 * Discovery by IP multicast on a LAN ({@code goakt.cluster.discovery.type=multicast}): a starting member sends a
 * discovery request to a multicast {@link #group() group} and {@link #port() port}, and every member listening
 * there answers with its control-plane address. JGroups' {@code MPING} does the work; the members then talk over
 * TCP as with every other provider.
 *
 * <p>The datagrams go out on one {@link #networkInterface() interface} (by default the one the control plane is
 * bound to) with a {@link #ttl() TTL} of 1 by default, so they stay on the local network segment; routers forward
 * multicast only with a larger TTL and multicast routing. TTL 0 keeps them on this host. Networks that drop
 * multicast (most clouds, many container networks) need another provider: {@code dns} or {@code kubernetes}.
 *
 * <p>Immutable and thread-safe; {@link #createProtocol} returns a new protocol per call.
 */
public final class MulticastDiscovery implements Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by. */
    public static final String TYPE = "multicast";
    /** The group used when none is given: an organization-local address (RFC 2365, 239.192.0.0/14). */
    public static final String DEFAULT_GROUP = "239.192.7.80";
    /** The UDP port used when none is given. */
    public static final int DEFAULT_PORT = 7555;
    /** The TTL used when none is given: the local network segment. */
    public static final int DEFAULT_TTL = 1;

    private static final int MAX_PORT = 65535;
    private static final int MAX_TTL = 255;

    private final InetAddress group;
    private final int port;
    private final int ttl;
    private final String networkInterface;

    private MulticastDiscovery(Builder b, InetAddress group) {
        this.group = group;
        this.port = b.port;
        this.ttl = b.ttl;
        this.networkInterface = b.networkInterface;
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The multicast group discovery requests go to; default {@value #DEFAULT_GROUP}. */
    public InetAddress group() {
        return group;
    }

    /** The UDP port of the group; default {@value #DEFAULT_PORT}. */
    public int port() {
        return port;
    }

    /** How many router hops discovery datagrams may cross; default {@value #DEFAULT_TTL}, 0 for this host only. */
    public int ttl() {
        return ttl;
    }

    /**
     * The interface discovery sends and listens on, by name ({@code eth0}) or by one of its addresses; {@code null}
     * (the default) for the interface of the control plane's bind address.
     */
    public String networkInterface() {
        return networkInterface;
    }

    /**
     * An {@code MPING} for one member.
     *
     * @throws IllegalArgumentException when the {@link #networkInterface()} is gone or has no address of the group's
     *                                  family
     */
    @Override
    public org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context) {
        Objects.requireNonNull(context, "context");
        MPING ping = new MPING();
        ping.setMcastAddr(group);
        ping.setMcastPort(port);
        ping.setTTL(ttl);
        InetAddress bind = networkInterface != null ? interfaceAddress(networkInterface, group)
                : context.bindAddress().isAnyLocalAddress() ? null : context.bindAddress();
        if (bind != null) {
            ping.setBindAddr(bind);
        }
        return ping;
    }

    @Override
    public String toString() {
        return "MulticastDiscovery[group=" + group.getHostAddress() + ", port=" + port + ", ttl=" + ttl
                + ", interface=" + (networkInterface == null ? "control plane's" : networkInterface) + "]";
    }

    /** The address of interface {@code spec} (a name or an address) in {@code group}'s family. */
    private static InetAddress interfaceAddress(String spec, InetAddress group) {
        try {
            NetworkInterface byName = NetworkInterface.getByName(spec);
            if (byName != null) {
                for (InetAddress a : Collections.list(byName.getInetAddresses())) {
                    if (sameFamily(a, group)) {
                        return a;
                    }
                }
                throw new IllegalArgumentException("networkInterface " + spec + " has no "
                        + (group instanceof Inet4Address ? "IPv4" : "IPv6") + " address for multicast group "
                        + group.getHostAddress());
            }
            if (isAddressLiteral(spec)) {
                InetAddress address = InetAddress.getByName(spec);
                if (NetworkInterface.getByInetAddress(address) != null && sameFamily(address, group)) {
                    return address;
                }
            }
        } catch (SocketException | UnknownHostException e) {
            throw new IllegalArgumentException("networkInterface " + spec + " cannot be read: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("networkInterface must name an interface of this host (such as eth0) or "
                + "one of its addresses in the multicast group's family, was '" + spec + "'");
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet4Address) == (b instanceof Inet4Address);
    }

    private static boolean isAddressLiteral(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.%\\w]+");
    }

    /**
     * Collects the settings; each may be set once (a second call fails naming the value already set), values are
     * checked as they come.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private InetAddress group;
        private int port = DEFAULT_PORT;
        private int ttl = DEFAULT_TTL;
        private String networkInterface;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /**
         * See {@link MulticastDiscovery#group()}: an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address.
         *
         * @throws IllegalArgumentException when {@code address} is not a multicast address literal
         */
        public Builder group(String address) {
            Objects.requireNonNull(address, "group");
            String trimmed = address.trim();
            InetAddress parsed = null;
            if (isAddressLiteral(trimmed)) {
                try {
                    parsed = InetAddress.getByName(trimmed);
                } catch (UnknownHostException e) {
                    parsed = null;
                }
            }
            if (parsed == null || !parsed.isMulticastAddress()) {
                throw new IllegalArgumentException("group must be a multicast address (IPv4 224.0.0.0 to "
                        + "239.255.255.255, or IPv6 ff00::/8), was '" + address + "'");
            }
            given.claim("group", this.group == null ? DEFAULT_GROUP : this.group.getHostAddress());
            this.group = parsed;
            return this;
        }

        /**
         * See {@link MulticastDiscovery#port()}.
         *
         * @throws IllegalArgumentException when {@code port} is not within [1, 65535]
         */
        public Builder port(int port) {
            if (port < 1 || port > MAX_PORT) {
                throw new IllegalArgumentException("port must be within [1, " + MAX_PORT + "], was " + port);
            }
            given.claim("port", this.port);
            this.port = port;
            return this;
        }

        /**
         * See {@link MulticastDiscovery#ttl()}.
         *
         * @throws IllegalArgumentException when {@code ttl} is not within [0, 255]
         */
        public Builder ttl(int ttl) {
            if (ttl < 0 || ttl > MAX_TTL) {
                throw new IllegalArgumentException("ttl must be within [0, " + MAX_TTL + "], was " + ttl);
            }
            given.claim("ttl", this.ttl);
            this.ttl = ttl;
            return this;
        }

        /**
         * See {@link MulticastDiscovery#networkInterface()}.
         *
         * @throws IllegalArgumentException when {@code nameOrAddress} names no interface of this host
         */
        public Builder networkInterface(String nameOrAddress) {
            Objects.requireNonNull(nameOrAddress, "networkInterface");
            String trimmed = nameOrAddress.trim();
            try {
                boolean known = NetworkInterface.getByName(trimmed) != null || isAddressLiteral(trimmed)
                        && NetworkInterface.getByInetAddress(InetAddress.getByName(trimmed)) != null;
                if (!known) {
                    throw new IllegalArgumentException("networkInterface must name an interface of this host (such as "
                            + "eth0) or one of its addresses, was '" + nameOrAddress + "'");
                }
            } catch (SocketException | UnknownHostException e) {
                throw new IllegalArgumentException("networkInterface " + nameOrAddress + " cannot be read: "
                        + e.getMessage(), e);
            }
            given.claim("networkInterface", this.networkInterface);
            this.networkInterface = trimmed;
            return this;
        }

        /**
         * The provider.
         *
         * @throws IllegalArgumentException when the interface has no address in the group's family
         */
        public MulticastDiscovery build() {
            InetAddress g = group;
            if (g == null) {
                try {
                    g = InetAddress.getByName(DEFAULT_GROUP);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // a literal is parsed, never looked up
                }
            }
            if (networkInterface != null) {
                interfaceAddress(networkInterface, g);
            }
            return new MulticastDiscovery(this, g);
        }
    }
}
