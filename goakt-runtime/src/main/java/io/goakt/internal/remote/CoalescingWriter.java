package io.goakt.internal.remote;

import io.netty.channel.Channel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes messages to one channel with at most one flush per event-loop turn, so a burst of sends pays one syscall
 * instead of one per message.
 *
 * <p>A {@link #write} writes without flushing and, only if no flush is pending, schedules one flush task on the
 * channel's event loop. A write from another thread is itself a task queued on that loop ahead of the flush task,
 * so the flush carries every frame written before it ran. The flag is cleared before flushing: a write that races
 * the clear schedules the next flush, so no frame is left waiting for a flush that never comes.
 *
 * <p>ByteBuf ownership: none; messages are handed to the channel, whose pipeline owns them from then on.
 *
 * <p>Threading: {@link #write} from any thread.
 */
public final class CoalescingWriter {

    private final Channel channel;
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final Runnable flushTask;

    /** For {@code channel}. */
    public CoalescingWriter(Channel channel) {
        this.channel = channel;
        this.flushTask = () -> {
            flushPending.set(false); // volatile store before the flush: a later write schedules another one
            channel.flush();
        };
    }

    /** The channel written to. */
    public Channel channel() {
        return channel;
    }

    /** Writes {@code message}; it is flushed by the end of the current or next event-loop turn. */
    public void write(Object message) {
        channel.write(message, channel.voidPromise());
        if (flushPending.compareAndSet(false, true)) { // CAS: one flush task per batch
            channel.eventLoop().execute(flushTask);
        }
    }
}
