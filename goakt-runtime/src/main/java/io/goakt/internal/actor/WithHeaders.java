package io.goakt.internal.actor;

import java.util.Map;
import java.util.Objects;

/**
 * A message travelling with metadata (trace and baggage entries, auth tokens), as remoting delivers it. The cell
 * unwraps it before the actor sees the message and exposes the headers through {@code ReceiveContext.headers()};
 * stashing keeps the pair together.
 *
 * @param message the message
 * @param headers its metadata; never null
 */
record WithHeaders(Object message, Map<String, String> headers) {

    WithHeaders {
        Objects.requireNonNull(message, "message");
        headers = Map.copyOf(headers);
    }

    /** The message inside {@code m} if it is wrapped, else {@code m}. */
    static Object unwrap(Object m) {
        return m instanceof WithHeaders w ? w.message : m;
    }
}
