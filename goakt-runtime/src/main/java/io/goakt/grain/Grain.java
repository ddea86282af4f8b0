package io.goakt.grain;

/**
 * A virtual actor: an actor addressed by a {@link GrainIdentity} that the runtime activates on its first message and
 * deactivates when it has been idle, so callers never spawn or stop it. Implement this interface, register a factory
 * for a kind with {@link GrainRegistry#register}, and talk to instances through {@link GrainRef}s.
 *
 * <p>Threading: like an actor's, a grain's state is private and single-threaded. For one activation the runtime
 * calls {@link #onActivate}, then {@link #receive} for each message, then {@link #onDeactivate}, one call at a time
 * with a happens-before edge between consecutive calls, so fields need no synchronisation as long as no other thread
 * touches them. Two activations of one identity never overlap: the next one starts only after the previous one has
 * finished {@code onDeactivate}.
 *
 * <p>Lifecycle: each activation is a fresh instance from the kind's factory. State that must outlive an activation
 * belongs in storage, loaded in {@link #onActivate} and saved in {@link #onDeactivate} or as it changes.
 */
@FunctionalInterface
public interface Grain {

    /**
     * Called once per activation, before the first message, on the grain's thread. {@code ctx.message()} is
     * {@code null} here.
     *
     * @throws Exception to fail the activation: the messages waiting for it fail with
     *                   {@link GrainActivationException} (an {@code ask} completes exceptionally, a {@code tell} becomes a
     *                   dead letter), and the next message tries a fresh activation
     */
    default void onActivate(GrainContext ctx) throws Exception {
    }

    /**
     * Handles {@code ctx.message()}. Reply with {@link GrainContext#respond}.
     *
     * @throws Exception to fail this message: an {@code ask} waiting for it completes with the exception, a
     *                   {@code tell} becomes a dead letter, and the grain then stays active or deactivates as its
     *                   {@link GrainOptions#onFailure()} says
     */
    void receive(GrainContext ctx) throws Exception;

    /**
     * Called once when the activation ends (idle, message limit, requested, after a failure, or system shutdown),
     * after its last message, on the grain's thread. Not called when {@link #onActivate} failed. An exception here is
     * logged and otherwise ignored.
     */
    default void onDeactivate(GrainContext ctx) throws Exception {
    }
}
