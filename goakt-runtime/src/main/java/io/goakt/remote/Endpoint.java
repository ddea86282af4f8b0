package io.goakt.remote;

import java.util.Objects;

/**
 * A remoting server's host and port, as peers reach it.
 *
 * @param host a host name or IP literal
 * @param port a TCP port, 1..65535
 */
public record Endpoint(String host, int port) {

    /** Checks the parts. */
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within [1, 65535], was " + port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
