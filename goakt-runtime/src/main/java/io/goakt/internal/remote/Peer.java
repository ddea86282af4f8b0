package io.goakt.internal.remote;

import io.goakt.remote.Endpoint;
import io.goakt.remote.RemotingConfig;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The outbound side of one peer: its connection slots and its reachability. A peer is reachable while one slot has
 * a handshaken connection; when the last one goes, a timer of {@link RemotingConfig#unreachableAfter()} starts, and
 * if no slot came back by then {@link Peers#peerUnreachable} declares the peer unreachable (watchers get {@code Terminated}, asks
 * fail, backlogs become dead letters).
 *
 * <p>Threading: any thread; the timer under this object's monitor.
 */
final class Peer {

    private final Peers peers;
    private final Endpoint endpoint;
    private final OutboundConnection[] slots;
    private ScheduledFuture<?> unreachableTimer; // guarded by this
    /**
     * Why the peer is known to be gone (its cluster member left the view), or null. Written by {@link #departed} and
     * cleared by {@link #returned} or a slot's handshake, any thread (volatile stores); read by every send (a volatile
     * load, a plain load on x86) so that sends to a departed peer fail at once instead of waiting for a connection.
     */
    private volatile String departedWhy;
    /**
     * The largest frame the peer reads, as its handshake said; {@code Integer.MAX_VALUE} until a handshake said it
     * (or from a peer that does not say). Written on the event loop by each handshake (volatile store), read by sends
     * of frames above {@link io.goakt.internal.util.Limits#MIN_FRAME_SIZE} only (volatile load).
     */
    private volatile int maxFrameSize = Integer.MAX_VALUE;

    Peer(Peers peers, Endpoint endpoint, int slots) {
        this.peers = peers;
        this.endpoint = endpoint;
        this.slots = new OutboundConnection[slots];
        for (int i = 0; i < slots; i++) {
            this.slots[i] = new OutboundConnection(peers, this);
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The slot for messages to {@code path}: always the same one, so they stay in order. Slot 0 for control. */
    OutboundConnection slotFor(String path) {
        return slots[Math.floorMod(path.hashCode(), slots.length)];
    }

    OutboundConnection control() {
        return slots[0];
    }

    OutboundConnection[] slots() {
        return slots;
    }

    boolean anyReady() {
        for (OutboundConnection c : slots) {
            if (c.isReady()) {
                return true;
            }
        }
        return false;
    }

    /** Marks the peer gone for {@code why}: sends fail at once until it returns. */
    void departed(String why) {
        departedWhy = why;
    }

    /** The peer is back (its member joined again, or a connection to it was made): sends go out again. */
    void returned() {
        departedWhy = null;
    }

    /** The peer's handshake said it reads frames of at most {@code bytes}; 0 when it did not say. */
    void readsFramesUpTo(int bytes) {
        maxFrameSize = bytes > 0 ? bytes : Integer.MAX_VALUE;
    }

    /** The largest frame the peer reads, or {@code Integer.MAX_VALUE} while that is not known. */
    int maxFrameSize() {
        return maxFrameSize;
    }

    /** Why the peer is known to be gone, or null while it is not. */
    String departedWhy() {
        return departedWhy;
    }

    void slotReady() {
        departedWhy = null;
        synchronized (this) {
            if (unreachableTimer != null) {
                unreachableTimer.cancel(false);
                unreachableTimer = null;
            }
        }
    }

    void slotDown() {
        if (anyReady()) {
            return;
        }
        synchronized (this) {
            if (unreachableTimer == null) {
                unreachableTimer = peers.schedule(this::checkUnreachable,
                        peers.config().unreachableAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void checkUnreachable() {
        synchronized (this) {
            unreachableTimer = null;
        }
        if (!anyReady()) {
            peers.peerUnreachable(this);
        }
    }

    void close() {
        synchronized (this) {
            if (unreachableTimer != null) {
                unreachableTimer.cancel(false);
                unreachableTimer = null;
            }
        }
        for (OutboundConnection c : slots) {
            c.close();
        }
    }
}
