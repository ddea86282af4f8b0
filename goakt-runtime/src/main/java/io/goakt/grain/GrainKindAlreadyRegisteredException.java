package io.goakt.grain;

import io.goakt.actor.GoaktException;

/** Thrown when a grain kind is registered a second time. */
public class GrainKindAlreadyRegisteredException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final String kind;

    /** For {@code kind}. */
    public GrainKindAlreadyRegisteredException(String kind) {
        super("grain kind '" + kind + "' is already registered");
        this.kind = kind;
    }

    /** The kind. */
    public String kind() {
        return kind;
    }
}
