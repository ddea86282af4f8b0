package io.goakt.actor;

import java.util.Objects;

/** Helpers to make actors from functions. */
public final class Actors {

    private Actors() {
    }

    /**
     * A stateless actor that runs {@code behavior} for every message. It keeps no fields, so a restart changes
     * nothing but the lifecycle events.
     */
    public static Actor fromFunction(Behavior behavior) {
        Objects.requireNonNull(behavior, "behavior");
        return behavior::receive;
    }
}
