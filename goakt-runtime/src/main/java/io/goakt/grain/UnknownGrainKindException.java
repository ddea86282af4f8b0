package io.goakt.grain;

import io.goakt.actor.GoaktException;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Thrown when a grain kind is used that was never registered. */
public class UnknownGrainKindException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final List<String> registered;

    /** For {@code kind}, with the kinds that are registered. */
    public UnknownGrainKindException(String kind, Set<String> registered) {
        super("unknown grain kind '" + kind + "'; registered kinds: " + new TreeSet<>(registered));
        this.kind = kind;
        this.registered = List.copyOf(new TreeSet<>(registered));
    }

    /** The kind that is not registered. */
    public String kind() {
        return kind;
    }

    /** The kinds that were registered when it was thrown, sorted. */
    public List<String> registeredKinds() {
        return registered;
    }
}
