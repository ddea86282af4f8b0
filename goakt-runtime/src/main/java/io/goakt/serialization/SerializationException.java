package io.goakt.serialization;

import io.goakt.actor.GoaktException;

/**
 * A message could not be turned into bytes or back: its type is not registered, its type id is unknown, or its
 * serializer failed. Thrown at the sender; at the receiver the message becomes a dead letter instead.
 */
public class SerializationException extends GoaktException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public SerializationException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
