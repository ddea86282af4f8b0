package io.goakt.testsupport;

import io.goakt.dispatch.Scheduler;

import java.time.Duration;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when a test calls {@link #advance}; due tasks run on the calling thread. */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long seq;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long order;
        final Runnable body;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel() {
            synchronized (ManualScheduler.this) {
                return tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + Math.max(0, delay.toNanos()), seq++, task);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void shutdown() {
        synchronized (this) {
            tasks.clear();
        }
    }

    /** Moves time forward by {@code d}, running every task that falls due, in due order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        for (;;) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = t.due;
            }
            t.body.run();
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return tasks.size();
    }
}
