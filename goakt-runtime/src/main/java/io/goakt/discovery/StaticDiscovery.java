package io.goakt.discovery;

import org.jgroups.protocols.TCPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Discovery by a fixed list of {@code host:port} control-plane addresses (JGroups {@code TCPPING}): a starting
 * member asks each listed address for the cluster's coordinator. List every member, or at least a few that are
 * always up; a member that is not listed can still join when it lists one that is. A list with no entries (or only
 * this member) forms a cluster of one that others may join by listing it.
 *
 * <p>Host names are resolved when the member starts and, for any that did not resolve yet, again on every later
 * discovery round, so a list of DNS names works while those names are still being published.
 *
 * <p>Type {@code static}; Spring Boot key {@code goakt.cluster.discovery.static.hosts}.
 *
 * <p>Threading: immutable; any thread.
 */
public final class StaticDiscovery implements Discovery {

    /** The value of {@code goakt.cluster.discovery.type} that selects this provider. */
    public static final String TYPE = "static";

    private final List<HostPort> hosts;

    private StaticDiscovery(List<HostPort> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    /**
     * A provider for {@code hostPorts}, each {@code host:port} ({@code [v6-literal]:port} for an IPv6 address).
     *
     * @throws IllegalArgumentException naming the first entry that is not {@code host:port} with a port in
     *                                  [1, 65535]
     */
    public static StaticDiscovery of(List<String> hostPorts) {
        Objects.requireNonNull(hostPorts, "hostPorts");
        List<HostPort> parsed = new ArrayList<>(hostPorts.size());
        for (String entry : hostPorts) {
            parsed.add(HostPort.parse(entry));
        }
        return new StaticDiscovery(parsed);
    }

    /** The listed addresses, as {@code host:port}. */
    public List<String> hosts() {
        return hosts.stream().map(HostPort::toString).toList();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context) {
        StringJoiner initialHosts = new StringJoiner(",");
        for (HostPort h : hosts) {
            initialHosts.add(h.host() + "[" + h.port() + "]");
        }
        if (hosts.isEmpty()) {
            // TCPPING needs one address; its own is skipped when it sends, so this finds nobody.
            initialHosts.add(context.bindAddress().getHostAddress() + "[" + context.controlPort() + "]");
        }
        TCPPING ping = new TCPPING();
        ping.setPortRange(0);
        // The text form, unlike setInitialHosts, keeps unresolved names and resolves them again on later rounds.
        ping.setValue("initial_hosts_str", initialHosts.toString());
        return ping;
    }

    @Override
    public String toString() {
        return "StaticDiscovery" + hosts();
    }

    /** One parsed entry. */
    private record HostPort(String host, int port) {

        static HostPort parse(String entry) {
            if (entry == null) {
                throw new IllegalArgumentException("static discovery host is null; give host:port, e.g. 10.0.0.5:7800");
            }
            String text = entry.trim();
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw bad(entry, "it is not host:port");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw bad(entry, "an IPv6 address must be in brackets, as [::1]:7800");
            }
            if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                throw bad(entry, "the host is empty or has spaces");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw bad(entry, "the port is not a number");
            }
            if (port < 1 || port > 65535) {
                throw bad(entry, "the port must be within [1, 65535]");
            }
            return new HostPort(host, port);
        }

        private static IllegalArgumentException bad(String entry, String why) {
            return new IllegalArgumentException("static discovery host '" + entry + "' is invalid: " + why
                    + " (expected host:port, e.g. 10.0.0.5:7800)");
        }

        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }
}
