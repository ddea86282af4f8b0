package io.goakt.grain;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The grain kinds of one actor system and the grains activated from them. Get it with {@link Grains#of}.
 *
 * <p>The registry is an interface so that a clustered system can install one that places each identity on one
 * member of the cluster; code written against this interface and {@link GrainRef} does not change.
 *
 * <p>Threading: every method may be called by any thread, also from inside actors and grains.
 */
public interface GrainRegistry {

    /**
     * Registers a grain kind: each activation of an identity of {@code kind} gets a fresh instance from
     * {@code factory}, run with {@code options}.
     *
     * @throws GrainKindAlreadyRegisteredException when {@code kind} is registered already
     * @throws IllegalArgumentException            for a blank kind or one containing {@code /}
     */
    void register(String kind, Supplier<? extends Grain> factory, GrainOptions options);

    /** {@link #register(String, Supplier, GrainOptions)} with {@link GrainOptions#defaults()}. */
    default void register(String kind, Supplier<? extends Grain> factory) {
        register(kind, factory, GrainOptions.defaults());
    }

    /** The registered kinds, a snapshot. */
    Set<String> kinds();

    /**
     * A ref to the grain {@code id} of {@code kind}. Cheap: nothing is activated until a message is sent.
     *
     * @throws UnknownGrainKindException when {@code kind} is not registered
     */
    GrainRef ref(String kind, String id);

    /** {@link #ref(String, String)} for an identity. */
    default GrainRef ref(GrainIdentity identity) {
        return ref(identity.kind(), identity.id());
    }

    /**
     * Deactivates the grain at {@code identity} if it is active or being activated: its current message finishes,
     * {@code onDeactivate} runs, and messages not yet handled go to the next activation, in order. The stage
     * completes when the activation has ended, at once when there was none.
     */
    CompletionStage<Void> deactivate(GrainIdentity identity);

    /** Identities with an activation that is running or starting, a snapshot. */
    Set<GrainIdentity> activeGrains();

    /** True while {@code identity} has an activation that is running or starting. */
    boolean isActive(GrainIdentity identity);
}
