package io.goakt.actor;

import io.goakt.dispatch.Dispatcher;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A dispatcher whose tasks run only when a test calls {@link #pump}, on the test's thread, in submission order:
 * it makes the interleaving of several actors' turns deterministic.
 */
final class ManualDispatcher implements Dispatcher {

    private final String name;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    ManualDispatcher(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /**
     * Runs queued tasks (and those they submit) until none is left or {@code max} ran.
     *
     * @return true when the queue became empty, false when {@code max} tasks ran and more were still queued
     */
    boolean pump(int max) {
        for (int i = 0; i < max; i++) {
            Runnable r = tasks.poll();
            if (r == null) {
                return true;
            }
            r.run();
        }
        return tasks.isEmpty();
    }

    @Override
    public void shutdown(Duration timeout) {
    }
}
