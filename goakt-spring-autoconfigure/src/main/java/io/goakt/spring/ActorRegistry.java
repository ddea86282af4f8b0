package io.goakt.spring;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;

import java.util.Optional;
import java.util.Set;

/**
 * Refs by name and more instances of the application's {@link ActorComponent} kinds, for code that learns names at
 * run time (an id in a request, for example).
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface ActorRegistry {

    /**
     * The live top-level actor named {@code name}; a declared {@link ActorComponent} name whose actor is not running
     * yet is spawned first.
     *
     * @throws NoSuchActorException when no actor of that name is running and no {@link ActorComponent} declares it
     */
    ActorRef ref(String name);

    /** The live actor at a top-level name or a path, without spawning anything. */
    Optional<ActorRef> find(String nameOrPath);

    /**
     * Spawns another top-level actor of the kind {@code kind} under {@code name}.
     *
     * @throws NoSuchActorException                        when {@code kind} is not an {@link ActorComponent}
     * @throws io.goakt.actor.ActorAlreadyExistsException when an actor named {@code name} is running
     */
    ActorRef spawn(Class<? extends Actor> kind, String name);

    /**
     * The live actor named {@code name}, or a new one of the kind {@code kind} when there is none; safe when several
     * threads race for the same name.
     */
    ActorRef getOrSpawn(Class<? extends Actor> kind, String name);

    /** Names declared by {@link ActorComponent}s. */
    Set<String> declaredNames();

    /** The system actors are spawned in. */
    ActorSystem system();
}
