package io.goakt.internal.actor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits, at shutdown, until the messages every actor had queued have been handled, without polling.
 *
 * <p>The approach: a round walks the tree once and puts a {@link Marker} at the tail of every live actor's user queue.
 * The actor handles the marker in its ordinary turn, after everything queued before it, so when every marker of a
 * round has been reached, every message accepted before the round began has been handled. The marker is an
 * {@link InternalMessage}: it never reaches {@code receive}, and testing for it costs nothing on the path of
 * ordinary messages (it is one more branch of {@code invokeInternal}). An actor that stops before reaching its
 * marker drops it, as it drops every internal message, so a round waits for each marker or its actor's termination,
 * whichever comes first. A suspended actor handles nothing, so the drain skips it rather than wait for the deadline.
 *
 * <p>Messages the actors send one another while a round runs may land behind a marker that was already reached. So
 * a round counts as quiet only when every actor had nothing queued ahead of its marker when the marker was sent,
 * and nothing queued behind it when the actor reached it, and no new actor started. After a round that was not
 * quiet another follows (an actor that handled queued messages may have sent some to an actor already past its
 * marker; the next round's marker queues behind those): at most {@link #MAX_ROUNDS} rounds, enough for the
 * messages the queued ones cause, and few enough that senders outside the system that keep telling (a system shut
 * down under load) cannot hold the shutdown until its deadline. The drain also ends at the deadline.
 *
 * <p>Threading: {@link #drain} runs on the shutdown thread; {@link Marker#reached} on the actors' threads.
 */
final class MailboxDrain {

    /** Rounds at most: the queued messages, what they caused, and what that caused. */
    static final int MAX_ROUNDS = 3;

    private MailboxDrain() {
    }

    /** The marker a round puts in one actor's mailbox. */
    static final class Marker extends InternalMessage {
        final CompletableFuture<Boolean> reached = new CompletableFuture<>();

        /** On the actor's thread: {@code emptyBehind} when nothing was queued behind the marker. */
        void reached(boolean emptyBehind) {
            reached.complete(emptyBehind);
        }
    }

    /**
     * Drains the actors below {@code guardian}. Returns true when a round found every mailbox empty behind its
     * marker, false when the deadline came first or the actors were still busy after the last round.
     */
    static boolean drain(ActorCell guardian, long deadlineNanos) throws InterruptedException {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ActorCell> cells = liveCells(guardian);
            if (cells.isEmpty()) {
                return true;
            }
            List<CompletableFuture<?>> waits = new ArrayList<>(cells.size());
            List<Marker> markers = new ArrayList<>(cells.size());
            boolean quiet = true;
            for (ActorCell c : cells) {
                if (c.isSuspended()) {
                    // Suspended (by an operator, a SUSPEND directive, or waiting for its supervisor) it handles
                    // nothing until reinstated: its queue becomes dead letters when it stops, and is not waited for.
                    continue;
                }
                quiet &= c.queueSize() == 0; // an estimate from another thread: only decides whether to go again
                Marker m = new Marker();
                markers.add(m);
                if (!c.sendUser(m, null)) {
                    m.reached(false); // a full bounded mailbox takes no marker: not waited for, and not quiet
                }
                waits.add(CompletableFuture.anyOf(m.reached, c.terminationFuture()));
            }
            try {
                CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                        .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a drain marker failed", e.getCause());
            }
            for (Marker m : markers) {
                quiet &= m.reached.getNow(true); // not reached: its actor stopped
            }
            if (quiet && liveCells(guardian).size() <= cells.size()) {
                return true;
            }
        }
        return false;
    }

    private static List<ActorCell> liveCells(ActorCell guardian) {
        List<ActorCell> all = new ArrayList<>();
        ArrayDeque<ActorCell> todo = new ArrayDeque<>(guardian.childCells());
        while (!todo.isEmpty()) {
            ActorCell c = todo.poll();
            if (!c.isTerminating()) {
                all.add(c);
                todo.addAll(c.childCells());
            }
        }
        return all;
    }
}
