package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.remote.RemotingConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One outbound connection slot to a peer: connects on first use, holds frames in a bounded backlog until the
 * handshake is done, reconnects with exponential backoff and jitter while it has work (a backlog, or watches on the
 * peer), and writes through a {@link CoalescingWriter} (batched, one flush per batch, held back while the socket is
 * full, refused past {@link RemotingConfig#maxQueuedBytes()}).
 *
 * <p>Ordering: frames of one sending thread reach the channel in send order. The backlog is written to the channel
 * under the lock in the same step that publishes the channel as ready, so frames sent later never overtake it.
 *
 * <p>Threading: {@link #send} from any thread; state changes under {@code lock}; channel callbacks on the event
 * loop. Under the lock this calls out to {@link Peers} only to ask whether the peer has watches, to connect or
 * schedule a reconnect, and, when a connection attempt fails at once, to report it inline (the lock is
 * re-entrant); none of those takes a lock of its own. Losing a connection is reported after the lock is released.
 */
final class OutboundConnection {

    private final Peers peers;
    private final Peer peer;
    private final Object lock = new Object();

    /**
     * The writer of the handshaken channel, or null while there is none. Volatile stores under {@code lock}
     * ({@link #ready(Channel)}, {@link #closed}); a volatile load without the lock on the fast path of
     * {@link #send}, and plain reads of the field under the lock elsewhere, where the lock orders them.
     */
    private volatile CoalescingWriter ready;

    // guarded by lock
    private Channel connecting;
    private ScheduledFuture<?> reconnect;
    private final ArrayDeque<Envelope> backlog = new ArrayDeque<>();
    private int attempts;
    private boolean closed;

    OutboundConnection(Peers peers, Peer peer) {
        this.peers = peers;
        this.peer = peer;
    }

    Peer peer() {
        return peer;
    }

    /**
     * Queues {@code frame} of {@code bytes} on the wire; false when it was refused (closed, the backlog is full, or
     * the peer is so far behind that the connection holds {@link RemotingConfig#maxQueuedBytes()} already).
     *
     * <p>Fast path: the connection is almost always up, so one volatile load of {@code ready} and a write, no lock.
     * {@link #ready} publishes the writer only after writing the backlog, so a frame sent through the fast path
     * never overtakes one from the backlog. A frame written just as the channel closes is lost with the channel,
     * as are frames in flight: delivery is at most once, as with any actor message.
     */
    boolean send(Envelope frame, int bytes) {
        CoalescingWriter w = ready; // volatile load; pairs with the volatile store in ready()
        if (w != null) {
            return w.write(frame, bytes); // false: the peer is too far behind (see RemotingConfig.maxQueuedBytes)
        }
        return sendSlow(frame, bytes);
    }

    /** As {@link #send(Envelope, int)}, for a tell queued without its envelope. */
    boolean send(OutboundTell tell) {
        CoalescingWriter w = ready; // volatile load; pairs with the volatile store in ready()
        if (w != null) {
            return w.write(tell);
        }
        return sendSlow(tell.toEnvelope(), tell.frameBytes);
    }

    /** Not connected (yet): under the lock, write if the connection came up meanwhile, else hold the frame. */
    private boolean sendSlow(Envelope frame, int bytes) {
        CoalescingWriter w;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            w = ready; // under the lock: the stores in ready() and closed() happen under it too
            if (w == null) {
                if (backlog.size() >= peers.config().backlogLimit()) {
                    return false;
                }
                backlog.add(frame);
                ensureConnecting();
                return true;
            }
        }
        return w.write(frame, bytes);
    }

    /** Starts a connection attempt if none is running or scheduled. Caller holds {@code lock}. */
    private void ensureConnecting() {
        if (ready != null || connecting != null || reconnect != null || closed) {
            return;
        }
        ChannelFuture cf = peers.connect(peer.endpoint(), this);
        connecting = cf.channel();
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                peers.connectFailed(peer.endpoint(), f.cause());
                closed(cf.channel());
            }
        });
    }

    /** Makes sure a connection exists or is being made: used to keep watching a peer. */
    void touch() {
        synchronized (lock) {
            ensureConnecting();
        }
    }

    /** The handshake on {@code ch} completed. Event loop. */
    void ready(Channel ch) {
        synchronized (lock) {
            if (closed || connecting != ch) {
                ch.close();
                return;
            }
            for (Envelope e : backlog) {
                ch.write(Frame.newBuilder().setEnvelope(e).build(), ch.voidPromise());
            }
            backlog.clear();
            // Volatile store after the backlog's writes; pairs with the volatile load in send().
            ready = new CoalescingWriter(ch, peers.config().maxQueuedBytes());
            connecting = null;
            attempts = 0;
        }
        ch.flush();
        peer.slotReady();
    }

    /** {@code ch} closed or failed to connect. Event loop. */
    void closed(Channel ch) {
        boolean wasReady;
        synchronized (lock) {
            if (ready != null && ready.channel() == ch) {
                ready = null; // volatile store: later sends take the slow path and the lock
                wasReady = true;
            } else if (connecting == ch) {
                connecting = null;
                wasReady = false;
            } else {
                return;
            }
            if (!closed && reconnect == null && (!backlog.isEmpty() || peers.hasWatches(peer.endpoint()))) {
                long min = peers.config().reconnectMinBackoff().toMillis();
                long max = peers.config().reconnectMaxBackoff().toMillis();
                long delay = Math.min(max, min << Math.min(attempts++, 20));
                delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                reconnect = peers.schedule(() -> {
                    synchronized (lock) {
                        reconnect = null;
                        if (!backlog.isEmpty() || peers.hasWatches(peer.endpoint())) {
                            ensureConnecting();
                        }
                    }
                }, delay, TimeUnit.MILLISECONDS); // not ch's loop: a channel that never registered has none
            }
        }
        if (wasReady) {
            peers.connectionLost(this);
        }
        peer.slotDown();
    }

    boolean isReady() {
        synchronized (lock) {
            return ready != null;
        }
    }

    /** Takes the frames still waiting for a connection. */
    List<Envelope> drainBacklog() {
        synchronized (lock) {
            List<Envelope> out = List.copyOf(backlog);
            backlog.clear();
            return out;
        }
    }

    /** Closes the slot for good. */
    void close() {
        Channel r;
        Channel c;
        synchronized (lock) {
            closed = true;
            CoalescingWriter w = ready;
            r = w == null ? null : w.channel();
            c = connecting;
            if (reconnect != null) {
                reconnect.cancel(false);
                reconnect = null;
            }
            backlog.clear();
        }
        if (r != null) {
            r.flush();
            r.close();
        }
        if (c != null) {
            c.close();
        }
    }
}
