package io.goakt.remote;

import io.goakt.internal.remote.proto.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One outbound connection slot to a peer: connects on first use, holds frames in a bounded backlog until the
 * handshake is done, reconnects with exponential backoff and jitter while it has work (a backlog, or watches on the
 * peer), and batches flushes.
 *
 * <p>Write coalescing: a send writes its frame without flushing and, only if no flush is pending for the channel,
 * schedules one task on the channel's event loop that clears the flag and flushes. Writes from other threads are
 * themselves tasks queued on that loop before the flush task, so one flush (one syscall) carries every frame
 * written in the same event-loop turn. A write that races the flag's reset schedules the next flush, so no frame
 * waits for a flush that never comes.
 *
 * <p>Ordering: frames of one sending thread reach the channel in send order. The backlog is written to the channel
 * under the lock in the same step that publishes the channel as ready, so frames sent later never overtake it.
 *
 * <p>Threading: {@link #send} from any thread; state changes under {@code lock}; channel callbacks on the event
 * loop. The lock is never held while calling out to the engine.
 */
final class OutboundConnection {

    private final Remoting remoting;
    private final Peer peer;
    private final Object lock = new Object();
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final Runnable flushTask;

    // guarded by lock
    private Channel ready;
    private Channel connecting;
    private ScheduledFuture<?> reconnect;
    private final ArrayDeque<Frame> backlog = new ArrayDeque<>();
    private int attempts;
    private boolean closed;

    OutboundConnection(Remoting remoting, Peer peer) {
        this.remoting = remoting;
        this.peer = peer;
        this.flushTask = () -> {
            flushPending.set(false); // volatile store before the flush: a write after it schedules another flush
            Channel ch;
            synchronized (lock) {
                ch = ready;
            }
            if (ch != null) {
                ch.flush();
            }
        };
    }

    Peer peer() {
        return peer;
    }

    /** Queues {@code frame}; false when it was refused (closed, or the backlog is full). */
    boolean send(Frame frame) {
        Channel ch;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            ch = ready;
            if (ch == null) {
                if (backlog.size() >= remoting.config().backlogLimit()) {
                    return false;
                }
                backlog.add(frame);
                ensureConnecting();
                return true;
            }
        }
        ch.write(frame, ch.voidPromise());
        if (flushPending.compareAndSet(false, true)) { // CAS: one flush task per batch
            ch.eventLoop().execute(flushTask);
        }
        return true;
    }

    /** Starts a connection attempt if none is running or scheduled. Caller holds {@code lock}. */
    private void ensureConnecting() {
        if (ready != null || connecting != null || reconnect != null || closed) {
            return;
        }
        ChannelFuture cf = remoting.connect(peer.endpoint(), this);
        connecting = cf.channel();
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                remoting.connectFailed(peer.endpoint(), f.cause());
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
            for (Frame f : backlog) {
                ch.write(f, ch.voidPromise());
            }
            backlog.clear();
            ready = ch;
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
            if (ready == ch) {
                ready = null;
                wasReady = true;
            } else if (connecting == ch) {
                connecting = null;
                wasReady = false;
            } else {
                return;
            }
            if (!closed && reconnect == null && (!backlog.isEmpty() || remoting.hasWatches(peer.endpoint()))) {
                long min = remoting.config().reconnectMinBackoff().toMillis();
                long max = remoting.config().reconnectMaxBackoff().toMillis();
                long delay = Math.min(max, min << Math.min(attempts++, 20));
                delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                reconnect = ch.eventLoop().schedule(() -> {
                    synchronized (lock) {
                        reconnect = null;
                        if (!backlog.isEmpty() || remoting.hasWatches(peer.endpoint())) {
                            ensureConnecting();
                        }
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
        if (wasReady) {
            remoting.connectionLost(this);
        }
        peer.slotDown();
    }

    boolean isReady() {
        synchronized (lock) {
            return ready != null;
        }
    }

    /** Takes the frames still waiting for a connection. */
    List<Frame> drainBacklog() {
        synchronized (lock) {
            List<Frame> out = List.copyOf(backlog);
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
            r = ready;
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
