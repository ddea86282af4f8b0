package io.goakt.internal.remote;

import io.goakt.remote.Endpoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one inbound connection has read since its handshake: the per-peer half of {@link TrafficStats} that a node
 * receives on. One per handshaken server channel, held in a channel attribute, so counting a message costs no
 * lookup beyond the one that already finds the peer's endpoint; the node's totals are counted apart, so a closed
 * connection's counts leave the per-peer view and stay in the totals.
 *
 * <p>Threading: only the channel's event loop counts (plain loads, release stores); any thread reads (acquire
 * loads, which pair with those stores).
 */
final class InboundTraffic {

    private static final VarHandle MESSAGES;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MESSAGES = l.findVarHandle(InboundTraffic.class, "messages", long.class);
            BYTES = l.findVarHandle(InboundTraffic.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Endpoint peer;
    private long messages;
    private long bytes;

    InboundTraffic(Endpoint peer) {
        this.peer = peer;
    }

    Endpoint peer() {
        return peer;
    }

    /** A message of {@code frameBytes} was read. The channel's event loop only: one writer, no read-modify-write. */
    void count(int frameBytes) {
        MESSAGES.setRelease(this, messages + 1); // pairs with the acquire load in messages()
        BYTES.setRelease(this, bytes + frameBytes); // pairs with the acquire load in bytes()
    }

    long messages() {
        return (long) MESSAGES.getAcquire(this);
    }

    long bytes() {
        return (long) BYTES.getAcquire(this);
    }
}
