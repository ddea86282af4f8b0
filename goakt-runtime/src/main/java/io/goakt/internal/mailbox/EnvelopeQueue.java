package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A standalone {@link LinkedEnvelopeQueue}: the two references as fields of their own object, for code that wants
 * the default queue as an object ({@link LinkedMessageQueue}, a sender-lanes mailbox's base queue) rather than inside a
 * mailbox.
 */
public class EnvelopeQueue implements LinkedEnvelopeQueue {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(EnvelopeQueue.class, "head", Envelope.class);
            TAIL = l.findVarHandle(EnvelopeQueue.class, "tail", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The next node to consume, or null. Reached through HEAD only. */
    @SuppressWarnings("unused")
    private Envelope head;
    /** The last node, or null when empty. Reached through TAIL only. */
    @SuppressWarnings("unused")
    private Envelope tail;

    /** An empty queue. */
    public EnvelopeQueue() {
    }

    @Override
    public Envelope headAcquire() {
        return (Envelope) HEAD.getAcquire(this);
    }

    @Override
    public void headRelease(Envelope h) {
        HEAD.setRelease(this, h);
    }

    @Override
    public Envelope tailVolatile() {
        return (Envelope) TAIL.getVolatile(this);
    }

    @Override
    public Envelope tailGetAndSet(Envelope t) {
        return (Envelope) TAIL.getAndSet(this, t);
    }

    @Override
    public boolean tailCompareAndSet(Envelope expect, Envelope update) {
        return TAIL.compareAndSet(this, expect, update);
    }
}
