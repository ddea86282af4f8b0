package io.goakt.actor;

import java.util.Objects;

/**
 * Tells a watcher that an actor it watches has stopped. Each watcher gets it once per watched actor.
 *
 * @param actor the actor that stopped
 */
public record Terminated(ActorRef actor) {
    /** Checks the ref. */
    public Terminated {
        Objects.requireNonNull(actor, "actor");
    }
}
