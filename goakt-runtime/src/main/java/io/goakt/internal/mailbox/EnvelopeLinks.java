package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The envelope's link, which the public {@link Envelope} keeps private, and the queue's two slow paths. */
final class EnvelopeLinks {

    /** {@code Envelope.next}, which the public envelope keeps private. */
    static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.privateLookupIn(Envelope.class, MethodHandles.lookup())
                    .findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EnvelopeLinks() {
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

    private static void backOff(int spins) {
        if (spins < 128) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
