/**
 * Threads that run actors, and time: {@link io.goakt.dispatch.Dispatcher} (runs an actor's turn once its mailbox
 * goes from idle to scheduled; its class comment is the contract between a mailbox and the threads that run it, with
 * defaults that make any executor a correct dispatcher), what a turn or a thread shows its dispatcher
 * ({@link io.goakt.dispatch.KeepableTurn}, {@link io.goakt.dispatch.LingerCondition},
 * {@link io.goakt.dispatch.HeldTurns}), {@link io.goakt.dispatch.Spinning} (how much idle workers and threads
 * blocked on an ask busy-wait before they park), {@link io.goakt.dispatch.Dispatchers} (the default fork-join dispatcher, the
 * {@code virtual} one on Java 21 and later, and adapters for an application's executors),
 * {@link io.goakt.dispatch.Scheduler} (the one timer of an actor system: actor timers, ask timeouts, receive
 * timeouts, backoffs, health probes) and its default, {@link io.goakt.dispatch.WheelScheduler}, a hashed timing wheel
 * whose schedule and cancel wake nobody. {@code DispatcherConformance} (tests) checks every built-in dispatcher
 * against the contract.
 *
 * <h2>Neighbours</h2>
 * This package lies below {@link io.goakt.actor} and does not use it: a dispatcher runs {@code Runnable}s, and an
 * actor system is configured with dispatchers and a scheduler ({@code ActorSystemConfig}). The default dispatcher's
 * implementation, with its hand-off slot, kept turns and lingering, is {@code io.goakt.internal.dispatch}
 * ({@code ForkJoinDispatcher}), reached through {@link io.goakt.dispatch.Dispatchers#forkJoin}; the mailbox whose
 * turns it runs is in {@code io.goakt.internal.actor}, the queue kinds in {@link io.goakt.mailbox}.
 */
package io.goakt.dispatch;
