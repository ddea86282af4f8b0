package io.goakt.grain;

/**
 * An event about one grain's activations, published on the system's {@link io.goakt.actor.EventStream}. Subscribe to
 * this type for all of them, or to one record type.
 */
public interface GrainEvent {

    /** The grain the event is about. */
    GrainIdentity identity();
}
