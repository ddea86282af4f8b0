package io.goakt.internal.actor;

/**
 * Marks user-queue messages the runtime sends to itself (timer firings, watch deliveries). They never reach
 * {@code receive} as such and never become dead letters: when their actor is gone they are simply dropped.
 */
interface InternalMessage {
}
