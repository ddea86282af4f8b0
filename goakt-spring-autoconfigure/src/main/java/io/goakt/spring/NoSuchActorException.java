package io.goakt.spring;

/** No actor of a given name or kind is running, and none is declared by an {@link ActorComponent}. */
public class NoSuchActorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the explanation. */
    public NoSuchActorException(String message) {
        super(message);
    }
}
