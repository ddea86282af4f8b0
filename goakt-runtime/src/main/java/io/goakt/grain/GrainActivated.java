package io.goakt.grain;

/**
 * Published when a grain's {@link Grain#onActivate} has returned and it starts handling messages.
 *
 * @param identity the grain
 */
public record GrainActivated(GrainIdentity identity) implements GrainEvent {
}
