package io.goakt.spring;

/** No actor of a given name or kind is running, and none is declared by an {@link ActorComponent}. */
public class NoSuchActorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String actorName;

    /** With the explanation, about a kind rather than a name. */
    public NoSuchActorException(String message) {
        this(null, message);
    }

    /**
     * About the actor name {@code actorName}, with the explanation.
     *
     * @param actorName the name as the caller gave it, or {@code null} when the exception is about a kind
     */
    public NoSuchActorException(String actorName, String message) {
        super(message);
        this.actorName = actorName;
    }

    /** The actor name that was asked for, as the caller gave it; {@code null} when a kind was asked for. */
    public String actorName() {
        return actorName;
    }
}
