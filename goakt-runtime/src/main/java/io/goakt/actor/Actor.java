package io.goakt.actor;

/**
 * An actor: private state changed only by the messages it receives, one at a time.
 *
 * <p>Threading: the runtime calls {@link #preStart}, {@link #receive} and {@link #postStop} of one instance from one
 * thread at a time, with a happens-before edge between consecutive calls, so an actor's fields need no
 * synchronisation as long as no other thread touches them. Never share an actor's mutable state or its
 * {@link Context} with another thread; send messages instead.
 *
 * <p>Lifecycle: {@link #preStart} runs before the first message (a throw fails the spawn, or the restart), then
 * {@link PostStart} is the first message {@link #receive} sees, then every other message in arrival order,
 * then {@link #postStop} exactly once when the actor stops. On a restart, the old instance gets {@code postStop},
 * a fresh instance from the actor's factory gets {@code preStart} and then {@code PostStart}, and the queued
 * messages are kept.
 */
@FunctionalInterface
public interface Actor {

    /**
     * Called once before the first message, on the spawning thread for a new actor and on a dispatcher thread for
     * a restart. May spawn children, watch actors and start timers.
     *
     * @throws Exception to fail the spawn (it rethrows as {@link ActorInitializationException}) or the restart
     */
    default void preStart(Context ctx) throws Exception {
    }

    /**
     * Handles one message, available from {@code ctx.message()}. A message the actor does not understand should be
     * passed to {@link ReceiveContext#unhandled()} so it becomes a dead letter instead of vanishing.
     *
     * @throws Exception to report a failure to the supervisor
     */
    void receive(ReceiveContext ctx) throws Exception;

    /**
     * Called exactly once after the last message of this instance: when the actor stops (after its children have
     * stopped) and, for the old instance, on a restart. An exception here is logged and otherwise ignored.
     */
    default void postStop(Context ctx) throws Exception {
    }
}
