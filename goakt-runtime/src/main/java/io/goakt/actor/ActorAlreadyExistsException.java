package io.goakt.actor;

/** Thrown by a spawn when the parent already has a live child, or a child still stopping, with that name. */
public class ActorAlreadyExistsException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final String path;

    /** For the actor at {@code path}. */
    public ActorAlreadyExistsException(String path) {
        super("an actor already exists at " + path);
        this.path = path;
    }

    /** The path that is taken. */
    public String path() {
        return path;
    }
}
