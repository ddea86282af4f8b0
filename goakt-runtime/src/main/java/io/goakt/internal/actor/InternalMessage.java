package io.goakt.internal.actor;

/**
 * Marks user-queue messages the runtime sends to itself (timer firings, watch deliveries). They never reach
 * {@code receive} as such and never become dead letters: when their actor is gone they are simply dropped.
 *
 * <p>A class, not an interface, because every message a turn runs is tested against it: on a class the test is a
 * constant-time look at the message's class, while HotSpot (before JDK 23) answers an interface test that fails
 * by scanning the class's interfaces in a stub call, about a fifth of the per-message cost of ping-pong.
 */
abstract class InternalMessage {
}
