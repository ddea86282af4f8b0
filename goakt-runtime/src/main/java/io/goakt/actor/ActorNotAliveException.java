package io.goakt.actor;

/** Completes an {@code ask} whose target has stopped or never existed. */
public class ActorNotAliveException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** With the reason. */
    public ActorNotAliveException(String message) {
        super(message);
    }
}
