package io.goakt.internal.actor;

import java.util.Map;
import java.util.Objects;

/**
 * A message travelling with metadata (trace and baggage entries, auth tokens), as remoting delivers it. The cell
 * unwraps it before the actor sees the message and exposes the headers through {@code ReceiveContext.headers()};
 * stashing keeps the pair together.
 *
 * A message sent in this JVM while a {@code MessageContextHook} is installed travels here too, with the hook's
 * captured context and no headers.
 *
 * @param message the message
 * @param headers its metadata; never null
 * @param context what the system's {@code MessageContextHook} captured for it in this JVM, or null
 */
record WithHeaders(Object message, Map<String, String> headers, Object context) {

    WithHeaders {
        Objects.requireNonNull(message, "message");
        headers = Map.copyOf(headers);
    }

    WithHeaders(Object message, Map<String, String> headers) {
        this(message, headers, null);
    }

    /** The message inside {@code m} if it is wrapped, else {@code m}. */
    static Object unwrap(Object m) {
        return m instanceof WithHeaders w ? w.message : m;
    }
}
