package io.goakt.actor;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What an actor can do with the runtime from inside {@link Actor#preStart}, {@link Actor#receive} and
 * {@link Actor#postStop}.
 *
 * <p>Threading: a context belongs to its actor. Call it only from the actor's own thread, during one of those
 * callbacks; never keep it for a callback of a {@link CompletionStage} or hand it to another thread (use
 * {@link #pipeTo} to bring results back as messages).
 */
public interface Context {

    /** This actor's ref. */
    ActorRef self();

    /** This actor's parent, or {@code null} for the root guardian. */
    ActorRef parent();

    /** The system this actor runs in. */
    ActorSystem system();

    /**
     * Spawns a child actor; each start and each restart gets a fresh instance from {@code factory}, so a restart
     * resets the child's fields. This is the form to use unless the instance must outlive restarts (see
     * {@link #spawnChildInstance}).
     */
    ActorRef spawnChild(String name, Supplier<? extends Actor> factory, SpawnOptions options);

    /** Spawns a child actor from a factory with default options: {@code ctx.spawnChild("worker", Worker::new)}. */
    default ActorRef spawnChild(String name, Supplier<? extends Actor> factory) {
        return spawnChild(name, factory, SpawnOptions.defaults());
    }

    /**
     * Spawns a child actor from a factory under a generated name, for children that need no name of their own
     * (short-lived workers). The name is {@code $} followed by a base-36 counter kept per parent ({@code $0},
     * {@code $1}, ... {@code $a}, ...): never reused among this actor's children, and never one a user can choose,
     * since user names may not start with {@code $}. Read it from {@link ActorRef#name()}; the child's path is
     * {@code <parent path>/$<n>}.
     */
    ActorRef spawnChild(Supplier<? extends Actor> factory, SpawnOptions options);

    /** Spawns a child actor from a factory under a generated name with default options. */
    default ActorRef spawnChild(Supplier<? extends Actor> factory) {
        return spawnChild(factory, SpawnOptions.defaults());
    }

    /**
     * Spawns a child actor around one instance that every restart reuses: the restart runs {@code postStop} and
     * {@code preStart} on the same object, so its fields keep their values across the restart. Use it when the
     * instance is made and owned elsewhere and keeps no state a restart should reset, as with an actor built by a
     * dependency-injection container; otherwise use {@link #spawnChild(String, Supplier, SpawnOptions)}, whose
     * restarts start from a fresh instance. Spawn an instance once: two actors around one object would run it on
     * two threads.
     */
    ActorRef spawnChildInstance(String name, Actor actor, SpawnOptions options);

    /** Spawns a child actor around one instance with default options, as {@link #spawnChildInstance} does. */
    default ActorRef spawnChildInstance(String name, Actor actor) {
        return spawnChildInstance(name, actor, SpawnOptions.defaults());
    }

    /**
     * The dependency of {@code type} attached at spawn ({@link SpawnOptions.Builder#dependency}); the first one that
     * is a {@code type}.
     *
     * @throws IllegalStateException when none was attached
     */
    <T> T dependency(Class<T> type);

    /** This actor's live children. */
    Collection<ActorRef> children();

    /** The live child named {@code name}. */
    Optional<ActorRef> child(String name);

    /** Stops a child of this actor after the message it is handling; its subtree stops first. */
    void stop(ActorRef child);

    /** Stops this actor after the current message; queued messages go to dead letters. */
    void stop();

    /**
     * Watches {@code ref}: this actor gets {@link Terminated} exactly once when it stops, or at once if it is
     * already gone. Watching a ref already watched with {@link #watchWith} switches it back to {@link Terminated}:
     * the latest {@code watch} or {@code watchWith} of a ref decides what arrives.
     */
    void watch(ActorRef ref);

    /**
     * Watches {@code ref} like {@link #watch}, but when it stops this actor receives {@code message} instead of
     * {@link Terminated}, with {@code ref} as the sender: exactly once, or at once if it is already gone; for a ref on
     * another node as well, when remoting is on. {@link #unwatch} cancels it. The latest {@code watch} or
     * {@code watchWith} of a ref decides what arrives, even when its death is already on the way: the actor receives
     * exactly one message for it, never both.
     *
     * @param message what to receive instead of {@link Terminated}; not null
     */
    void watchWith(ActorRef ref, Object message);

    /**
     * Stops watching {@code ref}; no {@link Terminated} (or {@link #watchWith} message) for it arrives after this
     * returns.
     */
    void unwatch(ActorRef ref);

    /** Sends {@code message} to {@code to} with this actor as the sender. */
    void tell(ActorRef to, Object message);

    /**
     * Asks {@code to} without blocking this actor. Bring the reply back as a message with {@link #pipeTo}; never
     * touch this actor's state from the stage's callbacks.
     */
    CompletionStage<Object> ask(ActorRef to, Object message, Duration timeout);

    /**
     * Sends {@code messages} to {@code to} as one batch, with this actor as the sender: see
     * {@link ActorRef#tellAll(List, ActorRef)}.
     */
    default void tellAll(ActorRef to, List<?> messages) {
        to.tellAll(messages, self());
    }

    /**
     * Asks {@code to} every message of {@code messages} without blocking this actor, one stage of all the replies in
     * order under one {@code timeout}: see {@link ActorRef#askAll(List, Duration)}. Bring the replies back as a
     * message with {@link #pipeTo}.
     */
    default CompletionStage<List<Object>> askAll(ActorRef to, List<?> messages, Duration timeout) {
        return to.askAll(messages, timeout);
    }

    /**
     * When {@code stage} completes, sends its value to {@code recipient} (a failure as {@link Status.Failure}),
     * with this actor as the sender.
     */
    void pipeTo(CompletionStage<?> stage, ActorRef recipient);

    /** {@link #pipeTo} with this actor as the recipient. */
    default void pipeToSelf(CompletionStage<?> stage) {
        pipeTo(stage, self());
    }

    /** Replaces the current behaviour (the top of the stack) with {@code behavior}. */
    void become(Behavior behavior);

    /** Pushes {@code behavior}; {@link #unbecome()} returns to the one before. */
    void becomeStacked(Behavior behavior);

    /** Pops the behaviour stack; with an empty stack, returns to {@link Actor#receive}. */
    void unbecome();

    /**
     * Delivers {@code message} to this actor once after {@code delay}. Starting a timer with a key that is in use
     * replaces that timer; a replaced or cancelled timer delivers nothing more.
     */
    void scheduleOnce(Object key, Object message, Duration delay);

    /** Delivers {@code message} to this actor repeatedly, first after {@code initialDelay}. */
    void scheduleRepeatedly(Object key, Object message, Duration initialDelay, Duration interval, TimerMode mode);

    /**
     * Delivers {@code message} to this actor at every time the cron {@code expression} matches in {@code zone}, as
     * a keyed timer: a timer with the same key is replaced, {@link #cancelTimer} stops it, and it stops with the
     * actor.
     *
     * <p>The expression has the five standard fields {@code minute hour day-of-month month day-of-week}, each a
     * list of {@code *}, values and ranges with optional {@code /step}; months and days of the week also take names
     * ({@code JAN}, {@code MON}); {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily} and
     * {@code @hourly} are accepted. When both day fields are restricted, a day matches if either does. A time
     * skipped by a daylight-saving change fires when the gap ends; a repeated time fires at its first occurrence.
     * A firing the actor takes after the next one was due skips the missed ones. The schedule fires on this actor
     * only; {@link io.goakt.cluster.ClusterCron} fires once per tick in a whole cluster.
     *
     * @throws IllegalArgumentException naming the field when the expression is invalid, or when it never fires
     */
    void scheduleCron(Object key, String expression, ZoneId zone, Object message);

    /** {@link #scheduleCron(Object, String, ZoneId, Object)} in the JVM's default time zone. */
    default void scheduleCron(Object key, String expression, Object message) {
        scheduleCron(key, expression, ZoneId.systemDefault(), message);
    }

    /** Cancels the timer with {@code key}; returns false if there was none. */
    boolean cancelTimer(Object key);

    /** True while a timer with {@code key} is active. */
    boolean isTimerActive(Object key);

    /**
     * Delivers {@link ReceiveTimeout} after {@code timeout} without a message; {@code null} or zero turns it off.
     */
    void setReceiveTimeout(Duration timeout);
}
