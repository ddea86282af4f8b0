/**
 * Lifecycle events the runtime publishes on an actor system's {@link io.goakt.actor.EventStream}.
 */
package io.goakt.eventstream;
