package io.goakt.actor;

import java.util.Objects;

/**
 * Where an actor lives: its system, the system's host and port when remoting is on, and its path in the actor
 * tree ({@code /user/orders/order-42}). Immutable.
 *
 * @param system the actor system's name
 * @param host   the remoting host, or {@code null} for a system without remoting
 * @param port   the remoting port, or 0 for a system without remoting
 * @param path   the path from the root, starting with {@code /}
 */
public record Address(String system, String host, int port, String path) implements Comparable<Address> {

    /** Validates the parts. */
    public Address {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(path, "path");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within [0, 65535], was " + port);
        }
    }

    /** A local address (no remoting host). */
    public static Address local(String system, String path) {
        return new Address(system, null, 0, path);
    }

    /** True when the address carries no remoting endpoint. */
    public boolean isLocal() {
        return host == null;
    }

    /** The last path segment: the actor's name. */
    public String name() {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }

    /** The same system and endpoint with another path. */
    public Address withPath(String newPath) {
        return new Address(system, host, port, newPath);
    }

    @Override
    public int compareTo(Address o) {
        int c = system.compareTo(o.system);
        if (c != 0) {
            return c;
        }
        c = String.valueOf(host).compareTo(String.valueOf(o.host));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(port, o.port);
        return c != 0 ? c : path.compareTo(o.path);
    }

    /** {@code goakt://system@host:port/path}, or {@code goakt://system/path} when local. */
    @Override
    public String toString() {
        return host == null ? "goakt://" + system + path : "goakt://" + system + "@" + host + ":" + port + path;
    }
}
