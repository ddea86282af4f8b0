/**
 * How a parent treats a failing child: {@link io.goakt.supervision.SupervisorStrategy} (one-for-one or all-for-one,
 * a decider from exception type to {@link io.goakt.supervision.Directive}, restart limits within a window),
 * {@link io.goakt.supervision.Backoff} before a restart, and the OTP {@link io.goakt.supervision.RestartPolicy}
 * (permanent, transient, temporary) that says how a child's own stop is treated.
 *
 * <h2>Neighbours</h2>
 * These are plain values that know nothing of actors, so this package lies below {@link io.goakt.actor}, which
 * names them in {@code SpawnOptions} and {@code ActorSystemConfig}. The code that applies a strategy runs on the
 * parent's thread in {@code io.goakt.internal.actor}. {@link io.goakt.actor.SupervisorObserver}, which hears about
 * registrations, starts, restarts and stops, is in {@code actor} because it names actor refs; the events
 * {@code ActorFailed}, {@code ActorRestarted}, {@code ActorSuspended} and {@code ActorReinstated} are in
 * {@link io.goakt.eventstream}.
 *
 * <h2>While a decision waits</h2>
 * A failed actor processes no messages until its supervisor's decision is applied, and neither does anything below
 * it: its children and their children keep their messages, in order, and go on with it when it is resumed (a
 * restart or a stop stops them). {@link io.goakt.supervision.Directive#SUSPEND} makes that wait last until
 * {@code ActorSystem.reinstate}.
 */
package io.goakt.supervision;
