package io.goakt.remote;

import io.goakt.actor.GoaktException;

/** A remote ask or request failed because the connection to its node was lost or could not be made. */
public class RemoteUnreachableException extends GoaktException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public RemoteUnreachableException(String message) {
        super(message);
    }
}
