package io.goakt.actor;

/**
 * A message handler that an actor switches to with {@link ReceiveContext#become} and
 * {@link ReceiveContext#becomeStacked}. Runs on the actor's thread, like {@link Actor#receive}.
 */
@FunctionalInterface
public interface Behavior {

    /** Handles the current message of {@code ctx}. */
    void receive(ReceiveContext ctx) throws Exception;
}
