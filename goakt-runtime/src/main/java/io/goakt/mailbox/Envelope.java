package io.goakt.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One message and its sender, as a {@link MessageQueue} holds and returns it, and at the same time the node of the
 * runtime's linked lock-free queues ({@link MessageQueue#unbounded()}, the lanes of the default mailbox): carrying the link inside the envelope keeps a
 * send to such a queue at one small allocation. (The default mailbox keeps a waiting message and its sender without
 * an envelope.)
 *
 * <p>Threading: a producer fills the envelope before it is published by {@link MessageQueue#offer}; after that
 * only the queue's consumer touches it. The sender is typed {@code Object} so that this SPI does not depend on the
 * actor API; the runtime always puts an {@code io.goakt.actor.ActorRef} or {@code null} there.
 */
public final class Envelope {

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Object message;
    private Object sender;
    @SuppressWarnings("unused") // reached through NEXT only
    private Envelope next;

    /** A new envelope. {@code sender} is the sending actor's ref or {@code null}. */
    public Envelope(Object message, Object sender) {
        this.message = message;
        this.sender = sender;
    }

    /** The message; {@code null} once the consumer has {@linkplain #clear() cleared} the envelope. */
    public Object message() {
        return message;
    }

    /** The sender's ref, or {@code null} when the message was sent from outside any actor. */
    public Object sender() {
        return sender;
    }

    /**
     * Drops the references to message and sender once the consumer is done with them: the runtime keeps a handled
     * envelope to refill it with the next message of the same turn, and a cleared one keeps no message alive
     * meanwhile. Only the consumer may call it, and only after it is done with the envelope.
     */
    public void clear() {
        this.message = null;
        this.sender = null;
    }

    /** Acquire load; pairs with the release store in {@link #setNextRelease}. */
    Envelope nextAcquire() {
        return (Envelope) NEXT.getAcquire(this);
    }

    /** Release store: publishes this node's fields to the consumer that reads {@code next} with acquire. */
    void setNextRelease(Envelope n) {
        NEXT.setRelease(this, n);
    }

    @Override
    public String toString() {
        return "Envelope[" + message + " from " + sender + "]";
    }
}
