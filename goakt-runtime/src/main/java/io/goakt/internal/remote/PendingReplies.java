package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.Status;
import io.goakt.remote.Endpoint;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The replies this node waits for, by correlation id: remote asks (a future to complete) and reply slots for local
 * temporary senders (a ref to tell). Every entry leaves the map exactly once: by its reply ({@link #take}), by its
 * timeout, or by a failure ({@link #fail}, {@link #failIf}) when the connection it went out on is lost.
 *
 * <p>Ids are random, not sequential, so a peer cannot guess the ids of other peers' asks and answer them.
 *
 * <p>Threading: any thread; removal from the concurrent map decides which of reply, timeout and failure wins.
 */
final class PendingReplies {

    /**
     * One awaited reply: exactly one of {@code future} and {@code replyTo} is set.
     *
     * @param peer the node the request went to
     * @param via  the connection it went out on
     */
    record Entry(long id, Endpoint peer, OutboundConnection via, CompletableFuture<Object> future, ActorRef replyTo,
                 AtomicReference<ScheduledFuture<?>> timer) {

        void cancelTimer() {
            ScheduledFuture<?> t = timer.get(); // volatile load; pairs with the volatile store in register()
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final EventLoopGroup timers;

    PendingReplies(EventLoopGroup timers) {
        this.timers = timers;
    }

    /**
     * Registers a reply to wait for at most {@code timeout}. A future entry fails with
     * {@link AskTimeoutException} naming {@code target} and {@code what} on timeout; a reply-slot entry just goes
     * (its temporary sender times out on its own).
     */
    Entry register(Endpoint peer, OutboundConnection via, CompletableFuture<Object> future, ActorRef replyTo,
                   Duration timeout, ActorRef target, String what) {
        AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
        Entry e;
        do {
            e = new Entry(ThreadLocalRandom.current().nextLong(), peer, via, future, replyTo, timer);
        } while (e.id() == 0 || entries.putIfAbsent(e.id(), e) != null);
        Entry entry = e;
        ScheduledFuture<?> t = timers.next().schedule(() -> {
            if (entries.remove(entry.id(), entry) && future != null) {
                future.completeExceptionally(new AskTimeoutException(target, what, timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        timer.set(t); // volatile store, then the map read: a removal that missed the timer is seen here
        if (!entries.containsKey(entry.id())) {
            t.cancel(false); // completed before the timer was published
        }
        if (future != null) {
            // Completed by anyone (a caller's cancel included): the entry goes with it.
            future.whenComplete((v, ex) -> {
                if (entries.remove(entry.id(), entry)) {
                    entry.cancelTimer();
                }
            });
        }
        return entry;
    }

    /** Removes and returns the entry for {@code id} (its timer cancelled), or null when none waits. */
    Entry take(long id) {
        Entry e = entries.remove(id);
        if (e != null) {
            e.cancelTimer();
        }
        return e;
    }

    /** Removes {@code e} without completing it (the request could not even be sent). */
    void discard(Entry e) {
        if (entries.remove(e.id(), e)) {
            e.cancelTimer();
        }
    }

    /** Fails {@code e} with {@code cause} unless it is already done. */
    void fail(Entry e, Throwable cause) {
        if (!entries.remove(e.id(), e)) {
            return;
        }
        e.cancelTimer();
        if (e.future() != null) {
            e.future().completeExceptionally(cause);
        } else {
            e.replyTo().tell(new Status.Failure(cause), null);
        }
    }

    /** Fails every entry that {@code which} selects. Linear in the number of entries. */
    void failIf(Predicate<Entry> which, Throwable cause) {
        for (Entry e : List.copyOf(entries.values())) {
            if (which.test(e)) {
                fail(e, cause);
            }
        }
    }

    /** The entry for {@code id}, left in place; null when none. */
    Entry get(long id) {
        return entries.get(id);
    }

    int size() {
        return entries.size();
    }
}
