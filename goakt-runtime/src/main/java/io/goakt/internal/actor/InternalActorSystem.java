package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The runtime's side of an {@link ActorSystem}: the few things the runtime's own remoting and grain layers need
 * beyond the public API, and nothing else. {@link LocalActorSystem} implements it; those layers obtain it through
 * {@link #of}, the one place that turns an {@code ActorSystem} into this interface, so none of them depends on the
 * implementation class. Refs have their counterpart in {@link InternalActorRef}.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface InternalActorSystem extends ActorSystem {

    /**
     * The runtime's side of {@code system}.
     *
     * @throws IllegalArgumentException when {@code system} was not made by {@link ActorSystem#create} (a test
     *                                  double or another implementation cannot host remoting or grains)
     */
    static InternalActorSystem of(ActorSystem system) {
        Objects.requireNonNull(system, "system");
        if (system instanceof InternalActorSystem internal) {
            return internal;
        }
        throw new IllegalArgumentException("the runtime needs an actor system made by ActorSystem.create, not "
                + system.getClass().getName());
    }

    /**
     * Counts and publishes a dead letter; fails the ask it belonged to, if {@code sender} is an ask's temporary
     * sender. Counted in {@link #deadLetterCount()} like every other dead letter of the system.
     */
    void deadLetter(Object message, ActorRef sender, ActorRef receiver, DeadLetter.Reason reason, String detail);

    /**
     * Tells {@code message} to {@code target} with a temporary sender whose first reply completes the returned
     * stage. For refs that are not actor refs of this system (a grain's), whose own {@code ask} delegates here.
     */
    CompletionStage<Object> ask(ActorRef target, Object message, Duration timeout);

    /**
     * True when {@code ref} is the temporary sender of an ask: a reply to it completes a caller's stage, so a
     * failure is better sent there as {@code Status.Failure} than published as a dead letter.
     */
    boolean isAskSender(ActorRef ref);

    /**
     * Spawns a top-level actor on a thread of the dispatcher its {@code options} select, so that its
     * {@code preStart} runs on a thread this system owns and never on the caller's (a network event loop must not
     * run user code that may block). Completes with the ref, or with what {@link #spawn} would have thrown.
     */
    CompletionStage<ActorRef> spawnOnDispatcher(String name, Supplier<? extends Actor> factory, SpawnOptions options);
}
