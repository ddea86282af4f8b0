package io.goakt.spring;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Refs by name and more instances of the application's {@link ActorComponent} kinds, for code that learns names at
 * run time (an id in a request, for example).
 *
 * <p>In a cluster, names of {@link ActorComponent#clusterUnique() cluster-unique} kinds resolve wherever their actor
 * runs: {@link #ref} of a declared cluster-unique name is a ref that follows the name from member to member,
 * {@link #find} and {@link #ref} of an undeclared name fall back to the cluster's names when no local actor has it,
 * and {@link #spawn} and {@link #getOrSpawn} of a cluster-unique kind register the name cluster-wide and start the
 * actor where the kind's placement says. These block until the registration is decided (bounded by the runtime's
 * registration timeout) and need the member to have joined.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface ActorRegistry {

    /**
     * The live top-level actor named {@code name}; a declared {@link ActorComponent} name whose actor is not running
     * yet is spawned first. For a declared cluster-unique name, a ref that resolves the name on every send, on
     * whichever member holds it (a LAZY one is spawned by the first send while nobody holds it).
     *
     * @throws NoSuchActorException when no actor of that name is running and no {@link ActorComponent} declares it
     */
    ActorRef ref(String name);

    /**
     * Asks the actor {@link #ref(String) named} {@code name} (spawning a declared one that is not running yet),
     * waiting {@code goakt.system.ask-timeout}: the stage fails with {@link io.goakt.actor.AskTimeoutException}
     * when no reply arrives in that time, and otherwise as {@link ActorRef#ask(Object, java.time.Duration)} says.
     * Never block an actor's thread on it.
     *
     * @throws NoSuchActorException when no actor of that name is running and no {@link ActorComponent} declares it
     */
    default CompletionStage<Object> ask(String name, Object message) {
        return ref(name).ask(message);
    }

    /**
     * Like {@link #ask(String, Object)}, with the reply checked to be a {@code replyType}; another reply type fails
     * the stage with {@link ClassCastException}.
     *
     * @throws NoSuchActorException when no actor of that name is running and no {@link ActorComponent} declares it
     */
    default <R> CompletionStage<R> ask(String name, Object message, Class<R> replyType) {
        return ref(name).ask(message, replyType);
    }

    /**
     * The live actor at a top-level name or a path, without spawning anything: this member's actor, else, for a
     * name, the cluster-unique actor of that name on any member.
     */
    Optional<ActorRef> find(String nameOrPath);

    /**
     * Spawns another top-level actor of the kind {@code kind} under {@code name}.
     *
     * @throws NoSuchActorException                        when {@code kind} is not an {@link ActorComponent}
     * @throws io.goakt.actor.ActorAlreadyExistsException when an actor named {@code name} is running (anywhere in
     *                                                    the cluster, for a cluster-unique kind)
     */
    ActorRef spawn(Class<? extends Actor> kind, String name);

    /**
     * The live actor named {@code name}, or a new one of the kind {@code kind} when there is none; safe when several
     * threads race for the same name, and, for a cluster-unique kind, when several members do.
     */
    ActorRef getOrSpawn(Class<? extends Actor> kind, String name);

    /** Names declared by {@link ActorComponent}s. */
    Set<String> declaredNames();

    /** The system actors are spawned in. */
    ActorSystem system();
}
