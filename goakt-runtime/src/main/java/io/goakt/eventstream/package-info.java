/**
 * Lifecycle events the runtime publishes on an actor system's {@link io.goakt.actor.EventStream}: an actor started,
 * stopped, restarted, failed, was suspended or reinstated, passivated, or was found unhealthy
 * ({@link io.goakt.eventstream.LifecycleEvent} and its records).
 *
 * <h2>Neighbours</h2>
 * The stream itself is in {@link io.goakt.actor}, because {@code ActorSystem.eventStream()} returns it and
 * {@code actor} must not depend on this package (these events name actor refs, so this package depends on
 * {@code actor}). Other events published on the same stream live with their subject:
 * {@link io.goakt.actor.DeadLetter} in {@code actor}, {@code GrainActivated} and {@code GrainDeactivated} in
 * {@link io.goakt.grain}. A remote message this node could not decode is a {@code DeadLetter} whose message is an
 * {@code UndeliverableMessage}, in {@link io.goakt.remote}.
 */
package io.goakt.eventstream;
