/**
 * Coordinated shutdown: the ordered phases an actor system goes through when it stops, and the tasks an application
 * adds to them ({@link io.goakt.shutdown.CoordinatedShutdown}, reached through
 * {@code ActorSystem.coordinatedShutdown()}).
 *
 * <h2>Where this package sits</h2>
 * Below {@link io.goakt.actor}: it names no actor type, so that {@code ActorSystem} can return its
 * {@code CoordinatedShutdown} without an import cycle. The implementation is in {@code io.goakt.internal.shutdown}.
 */
package io.goakt.shutdown;
