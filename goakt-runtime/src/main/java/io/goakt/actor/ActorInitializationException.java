package io.goakt.actor;

/** Thrown by a spawn when the actor's factory or its {@link Actor#preStart} threw; the cause is attached. */
public class ActorInitializationException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** For the actor at {@code path}. */
    public ActorInitializationException(String path, Throwable cause) {
        super("actor " + path + " failed to start: " + cause, cause);
    }
}
