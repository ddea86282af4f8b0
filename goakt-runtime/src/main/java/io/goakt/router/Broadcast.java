package io.goakt.router;

import java.util.Objects;

/**
 * Wraps a message that a pool router sends to every routee, whatever its {@link RoutingStrategy}, keeping the
 * original sender. The routees get {@link #message()}, never the wrapper.
 *
 * <p>Immutable if the wrapped message is; safe to share between threads then.
 *
 * @param message the message for every routee
 */
public record Broadcast(Object message) {
    /** Checks the message. */
    public Broadcast {
        Objects.requireNonNull(message, "message");
    }
}
