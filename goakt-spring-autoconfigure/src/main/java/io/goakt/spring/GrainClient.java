package io.goakt.spring;

import io.goakt.grain.Grain;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Refs to the grains of the application's {@link GrainComponent} kinds (and any kind registered in code), by kind
 * and id, for code that learns ids at run time: a user id in a request, for example. Grains are activated by their
 * first message and deactivated when idle; a ref never needs to be created or released.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface GrainClient {

    /**
     * A ref to the grain {@code id} of {@code kind}; nothing is activated until a message is sent.
     *
     * @throws io.goakt.grain.UnknownGrainKindException when {@code kind} is not registered
     */
    GrainRef ref(String kind, String id);

    /**
     * A ref to the grain {@code id} of the kind that {@code componentClass} declares.
     *
     * @throws io.goakt.grain.UnknownGrainKindException when {@code componentClass} is not a {@link GrainComponent}
     *                                                  of this application context
     */
    GrainRef ref(Class<? extends Grain> componentClass, String id);

    /**
     * Sends {@code message} to the grain {@code id} of {@code kind} without waiting, activating it if needed.
     *
     * @throws io.goakt.grain.UnknownGrainKindException when {@code kind} is not registered
     */
    default void tell(String kind, String id, Object message) {
        ref(kind, id).tell(message);
    }

    /**
     * Asks the grain {@code id} of {@code kind}, with {@code goakt.system.ask-timeout}. The stage fails as
     * {@link GrainRef#ask(Object, java.time.Duration)} says. Never block a grain's or an actor's thread on it.
     *
     * @throws io.goakt.grain.UnknownGrainKindException when {@code kind} is not registered
     */
    CompletionStage<Object> ask(String kind, String id, Object message);

    /** The registered kinds, a snapshot. */
    Set<String> kinds();

    /** The system's grain registry, for what this interface does not cover (deactivation, active grains). */
    GrainRegistry registry();
}
