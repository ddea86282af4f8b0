package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The envelope's link and fields, which the public {@link Envelope} keeps private, and the linked queue's two slow
 * paths.
 */
final class EnvelopeLinks {

    /** {@code Envelope.next}, which the public envelope keeps private. */
    static final VarHandle NEXT;
    private static final VarHandle MESSAGE;
    private static final VarHandle SENDER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Envelope.class, MethodHandles.lookup());
            NEXT = l.findVarHandle(Envelope.class, "next", Envelope.class);
            MESSAGE = l.findVarHandle(Envelope.class, "message", Object.class);
            SENDER = l.findVarHandle(Envelope.class, "sender", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EnvelopeLinks() {
    }

    /**
     * Refills a {@linkplain Envelope#clear() cleared} envelope that its consumer owns and nobody else holds (plain
     * stores: it stays on the consumer's thread).
     */
    static Envelope refill(Envelope e, Object message, Object sender) {
        MESSAGE.set(e, message);
        SENDER.set(e, sender);
        return e;
    }

    /** Slow path: the tail is set but the head not yet. */
    static Envelope awaitHead(LinkedEnvelopeQueue q) {
        Envelope h;
        int spins = 0;
        while ((h = q.headAcquire()) == null) {
            backOff(++spins);
        }
        return h;
    }

    /** Slow path: a producer has swapped the tail but not yet linked its node. */
    static Envelope awaitLink(Envelope h) {
        Envelope next;
        int spins = 0;
        while ((next = (Envelope) NEXT.getAcquire(h)) == null) {
            backOff(++spins);
        }
        return next;
    }

    /**
     * Spin-wait hints a waiting consumer gives before it starts yielding its core: a producer between two stores is
     * done within a few instructions unless it was descheduled there, and then only yielding lets it go on.
     */
    static final int SPINS_BEFORE_YIELD = 128;

    /** One wait of a consumer that waits for a producer between two stores: spin a while, then yield. */
    static void backOff(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
