package io.goakt.actor;

/**
 * Thrown by {@link ActorSystem#spawn} (and the other ways to start a top-level actor) once the system's shutdown has
 * passed its {@code STOP_ACCEPTING} phase: the system takes no new work. An {@link IllegalStateException}, as the
 * spawn methods declare.
 */
public class SystemShuttingDownException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** For the system named {@code systemName}. */
    public SystemShuttingDownException(String systemName) {
        super("actor system " + systemName + " is shutting down and accepts no new actors");
    }
}
