package io.goakt.remote;

import io.goakt.actor.GoaktException;

/**
 * A remote actor answered an ask with {@code Status.Failure}; the cause's class name and message came over the
 * wire as text (exceptions are never deserialized).
 */
public class RemoteFailureException extends GoaktException {

    private static final long serialVersionUID = 1L;

    /** With the remote description. */
    public RemoteFailureException(String message) {
        super(message);
    }
}
