package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * An event about one actor's life, published on the system's {@code EventStream}. Subscribe to this type for all of
 * them, or to one record type.
 */
public interface LifecycleEvent {

    /** The actor the event is about. */
    ActorRef actor();
}
