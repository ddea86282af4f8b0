package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;

/** The messages between the registry, its entries, the grains parent and the activations. */
final class Protocol {

    private Protocol() {
    }

    /**
     * A grain message on its way into an activation's mailbox; counted by the entry as sent. It shows up in a dead
     * letter only when the activation's actor was stopped from outside with messages queued.
     */
    record Deliver(Object message) {
        @Override
        public String toString() {
            return "grain message " + message;
        }
    }

    /** Asks an activation to deactivate; counted by the entry as sent, like a {@link Deliver}. */
    enum Deactivate {
        INSTANCE
    }

    /** Asks the grains parent to spawn an activation for {@code entry}, which is {@code ACTIVATING}. */
    record Activate(GrainEntry entry) {
    }

    /** A grain message held by an entry while no activation takes messages, with its sender (or {@code null}). */
    record Pending(Object message, ActorRef sender) {
    }
}
