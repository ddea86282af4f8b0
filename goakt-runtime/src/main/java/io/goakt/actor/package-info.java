/**
 * The actor API: {@link io.goakt.actor.Actor}, {@link io.goakt.actor.ActorRef}, {@link io.goakt.actor.ActorSystem}
 * and its configuration, the contexts an actor's code sees ({@link io.goakt.actor.Context},
 * {@link io.goakt.actor.ReceiveContext}), {@link io.goakt.actor.SpawnOptions}, the messages the runtime defines
 * ({@link io.goakt.actor.PostStart}, {@link io.goakt.actor.PoisonPill}, {@link io.goakt.actor.Terminated},
 * {@link io.goakt.actor.ReceiveTimeout}, {@link io.goakt.actor.DeadLetter}, {@link io.goakt.actor.Status}) and the
 * runtime's exceptions.
 *
 * <h2>Where this package sits</h2>
 * {@code actor} is the bottom of the actor API. Of the public packages it uses only four that know nothing of
 * actors: {@link io.goakt.dispatch} (dispatchers and the scheduler), {@link io.goakt.mailbox} (queue kinds and
 * {@code Envelope}), {@link io.goakt.supervision} (strategies and directives) and {@link io.goakt.shutdown} (the
 * phases of a coordinated shutdown). Every other public package builds
 * on this one, and this one never imports them; {@code PackageStructureTest} checks it. The implementation is in
 * {@code io.goakt.internal.actor}, reached only through {@link io.goakt.actor.ActorSystem#create}.
 *
 * <h2>Types that live here for the layering</h2>
 * <ul>
 *   <li>{@link io.goakt.actor.EventStream} is here because {@link io.goakt.actor.ActorSystem#eventStream()}
 *       returns it; the lifecycle events published on it ({@code ActorStarted}, {@code ActorStopped},
 *       {@code ActorRestarted}, ...) are in {@link io.goakt.eventstream}, which builds on this package.
 *       {@link io.goakt.actor.DeadLetter} is here for the same reason: {@code ActorRef} and {@code ReceiveContext}
 *       name it.</li>
 *   <li>{@link io.goakt.actor.MailboxFullException} is here, not in {@code mailbox}, because it names the actor
 *       whose mailbox refused the message and {@code ActorRef.tell} declares it.</li>
 *   <li>{@link io.goakt.actor.SupervisorObserver} is here, not in {@code supervision}, because it hears about
 *       actor refs; the strategies it observes are in {@link io.goakt.supervision}.</li>
 * </ul>
 * Grain events are in {@link io.goakt.grain}, pub/sub in {@link io.goakt.pubsub}, routers in
 * {@link io.goakt.router}, remoting in {@link io.goakt.remote} and wire serialization in
 * {@link io.goakt.serialization}.
 */
package io.goakt.actor;
