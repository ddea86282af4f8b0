package io.goakt.serialization;

import io.goakt.actor.ActorRef;

/**
 * Turns {@link ActorRef}s found inside messages into a wire string and back. Remoting supplies one per node: a
 * local ref is written with this node's endpoint, and a string naming this node's endpoint reads back as the
 * local actor.
 *
 * <p>Threading: any thread.
 */
public interface ActorRefResolver {

    /** The wire form of {@code ref}, for example {@code goakt://orders@10.0.0.5:7355/user/orders#k3j2}. */
    String toWire(ActorRef ref);

    /**
     * The ref named by {@code wire}, which comes from the network.
     *
     * @throws SerializationException when {@code wire} is not a valid ref
     */
    ActorRef fromWire(String wire);
}
