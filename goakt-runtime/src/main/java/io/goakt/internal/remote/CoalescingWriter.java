package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes frames to one channel in batches, many frames per buffer and one flush per batch, and holds them back
 * while the socket cannot take more.
 *
 * <h2>The problem</h2>
 * A {@code channel.write} from a thread outside the channel's event loop becomes a task of its own on that loop; the
 * loop then runs the pipeline, allocates a buffer and books an outbound entry per message. With small messages
 * that per-message work, not the socket, bounds the rate. And writing whatever is sent, however slowly the peer
 * reads, lets a slow peer grow the sender's memory without bound.
 *
 * <h2>The approach</h2>
 * {@link #write} adds the frame to a lock-free queue and, only when no drain is pending, schedules one drain task on
 * the event loop (the same scheduled-flag pattern as an actor's mailbox). The drain clears the flag, then takes up
 * to {@value #MAX_FRAMES_PER_DRAIN} frames, encodes them back to back (length prefix and protobuf bytes, as
 * {@link FrameEncoder} would, but with the connection's keys in place of names it has carried before: see
 * {@link OutboundKeys}) into buffers of about {@value #BATCH_BYTES} bytes, writes those and flushes once. A
 * write that races the clear schedules the next drain, so no frame waits for a drain that never comes; a drain
 * that stopped at its limit schedules the next one itself, so one busy connection cannot hold its loop for long.
 * The buffers then pass the rest of the pipeline (compression, TLS) like any other.
 *
 * <p>Backpressure: the drain hands the socket a batch only while the channel is writable (its outbound buffer is
 * under the high water mark); otherwise frames stay queued, and the channel becoming writable again schedules a
 * drain (a small handler this writer adds to the pipeline). What is queued is counted in bytes, and a
 * {@link #write} that would pass {@code maxQueuedBytes} is refused: the caller reports the message undelivered.
 *
 * <p>Ordering: one queue, drained by one thread, in order: frames written by one thread reach the socket in the
 * order they were written.
 *
 * <p>ByteBuf ownership: the drain allocates each batch buffer and hands it to the channel, whose pipeline owns it
 * from then on (and releases it if the channel is closed). The queue holds {@code Frame}s, {@code Envelope}s and
 * {@code OutboundTell}s, which hold no buffers.
 *
 * <p>Threading: {@link #write} from any thread; the drain on the channel's event loop.
 */
public final class CoalescingWriter {

    /** Target size of one batch buffer. */
    static final int BATCH_BYTES = 64 * 1024;
    /** Most frames one drain encodes before it yields the event loop. */
    static final int MAX_FRAMES_PER_DRAIN = 4096;

    private final Channel channel;
    private final long maxQueuedBytes;
    /**
     * {@link Frame}s, {@link Envelope}s (a frame's usual body, queued without the frame around it) and
     * {@link OutboundTell}s (the fields of the most common envelope, queued without building it).
     */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    /** The connection's outbound key tables; the drain's alone. */
    private final OutboundKeys keys = new OutboundKeys();

    /** For {@code channel}, holding at most {@code maxQueuedBytes} of frames the socket has not taken yet. */
    public CoalescingWriter(Channel channel, long maxQueuedBytes) {
        this.channel = channel;
        this.maxQueuedBytes = maxQueuedBytes;
        channel.pipeline().addLast("writability", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable() && !queue.isEmpty()) {
                    scheduleDrain();
                }
                ctx.fireChannelWritabilityChanged();
            }
        });
    }

    /** The channel written to. */
    public Channel channel() {
        return channel;
    }

    /** Bytes queued and not yet handed to the socket; for tests and diagnostics. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * Queues {@code frame}, whose size on the wire is {@code bytes}; it is written and flushed by the next drain on
     * the channel's event loop.
     *
     * @return false, queueing nothing, when the frame would take the queue past its byte limit
     */
    public boolean write(Frame frame, int bytes) {
        return offer(frame, bytes);
    }

    /**
     * Queues a frame carrying {@code envelope}, whose size on the wire is {@code bytes} (see
     * {@link FrameEncoder#frameBytes}); as {@link #write(Frame, int)}, without building the frame.
     */
    public boolean write(Envelope envelope, int bytes) {
        return offer(envelope, bytes);
    }

    /**
     * Queues a frame carrying {@code tell}, whose size on the wire is {@code tell.frameBytes}; as
     * {@link #write(Frame, int)}.
     */
    boolean write(OutboundTell tell) {
        return offer(tell, tell.frameBytes);
    }

    private boolean offer(Object frameOrEnvelope, int bytes) {
        // Atomic add: senders on many threads reserve room at once; the drain's subtraction releases it.
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            queuedBytes.addAndGet(-bytes);
            return false;
        }
        queue.offer(frameOrEnvelope);
        scheduleDrain();
        return true;
    }

    private void scheduleDrain() {
        // Volatile load, then CAS: one drain task per batch; pairs with the volatile store at the start of drain().
        if (!drainPending.get() && drainPending.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
    }

    private void drain() {
        drainPending.set(false); // volatile store before polling: a later write schedules the next drain
        if (!channel.isWritable()) {
            return; // the socket is behind: the writability handler drains once it has caught up
        }
        ByteBuf out = null;
        int frames = 0;
        long bytes = 0;
        try {
            Object f;
            while (frames < MAX_FRAMES_PER_DRAIN && (f = queue.poll()) != null) {
                OutboundTell tell = f instanceof OutboundTell t ? t : null;
                Envelope env = tell == null && f instanceof Envelope e ? e : null;
                int need = tell != null ? tell.frameBytes : env != null ? FrameEncoder.frameBytes(env)
                        : FrameEncoder.LENGTH_PREFIX_BYTES + ((Frame) f).getSerializedSize();
                if (out != null && out.writableBytes() < need) {
                    channel.write(out, channel.voidPromise());
                    out = null;
                }
                if (out == null) {
                    out = channel.alloc().ioBuffer(Math.max(BATCH_BYTES, need));
                }
                if (tell != null) {
                    keys.writeTell(tell, out);
                } else if (env != null) {
                    keys.writeEnvelope(env, out);
                } else {
                    keys.writeFrame((Frame) f, out);
                }
                frames++;
                bytes += need;
                if (!channel.isWritable()) {
                    break; // the buffers just written filled the socket's share: the rest waits
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Encoding a frame failed (a bug: frames are checked against the max size when built). The channel's
            // stream may now be inconsistent, so it closes; its peers reconnect.
            if (out != null) {
                out.release();
                out = null;
            }
            channel.pipeline().fireExceptionCaught(e);
        } finally {
            queuedBytes.addAndGet(-bytes);
        }
        if (out != null) {
            channel.write(out, channel.voidPromise());
        }
        if (frames > 0) {
            channel.flush();
        }
        if (!queue.isEmpty() && channel.isWritable()) {
            scheduleDrain(); // stopped at the per-drain limit
        }
    }
}
