package io.goakt.dispatch;

import io.goakt.internal.dispatch.ForkJoinDispatcher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Factories for the built-in dispatchers.
 *
 * <ul>
 *   <li>{@link #forkJoin}: the default. A {@code ForkJoinPool} in async (FIFO) mode. An actor made runnable by
 *       another actor's turn runs next on the same worker, without a queue, a wake-up or an allocation; a turn queued
 *       in the pool goes in a small task of its own.</li>
 *   <li>{@link #virtual}: one virtual thread per scheduled turn, for actors that block on I/O. Needs Java 21+;
 *       looked up at run time so the runtime stays Java 17 bytecode.</li>
 *   <li>{@link #fromExecutor}: any executor the application owns.</li>
 * </ul>
 */
public final class Dispatchers {

    /** Name of the default dispatcher. */
    public static final String DEFAULT = "default";
    /** Name of the virtual-thread dispatcher, present when the JVM offers virtual threads. */
    public static final String VIRTUAL = "virtual";

    /** The first Java release with virtual threads ({@code Executors.newVirtualThreadPerTaskExecutor}). */
    private static final int VIRTUAL_THREADS_SINCE = 21;

    private static final MethodHandle NEW_VIRTUAL_EXECUTOR = findVirtualExecutorFactory();

    private Dispatchers() {
    }

    /**
     * A fork-join dispatcher with {@code parallelism} worker threads named {@code threadPrefix-N} that spin
     * {@link Spinning#ADAPTIVE}ly.
     */
    public static Dispatcher forkJoin(String name, int parallelism, String threadPrefix) {
        return forkJoin(name, parallelism, threadPrefix, Spinning.ADAPTIVE);
    }

    /**
     * A fork-join dispatcher with {@code parallelism} worker threads named {@code threadPrefix-N} whose workers, when
     * their actor runs out of messages, wait for the next one as {@code spinning} says.
     */
    public static Dispatcher forkJoin(String name, int parallelism, String threadPrefix, Spinning spinning) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spinning, "spinning");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        return new ForkJoinDispatcher(name, parallelism, threadPrefix, spinning);
    }

    /** True when this JVM can run virtual threads (Java 21 or newer). */
    public static boolean virtualThreadsAvailable() {
        return NEW_VIRTUAL_EXECUTOR != null;
    }

    /**
     * A dispatcher that runs every scheduled turn on a new virtual thread.
     *
     * @throws UnsupportedOperationException on a JVM without virtual threads
     */
    public static Dispatcher virtual(String name) {
        if (NEW_VIRTUAL_EXECUTOR == null) {
            throw new UnsupportedOperationException("virtual threads need Java 21 or newer; this JVM is "
                    + Runtime.version());
        }
        try {
            return new ExecutorDispatcher(name, (ExecutorService) NEW_VIRTUAL_EXECUTOR.invoke(), true);
        } catch (Throwable e) {
            throw new IllegalStateException("could not create a virtual-thread executor", e);
        }
    }

    /**
     * A dispatcher over an executor. When {@code owned} the dispatcher shuts the executor down with the system.
     */
    public static Dispatcher fromExecutor(String name, ExecutorService executor, boolean owned) {
        return new ExecutorDispatcher(name, executor, owned);
    }

    private static MethodHandle findVirtualExecutorFactory() {
        if (Runtime.version().feature() < VIRTUAL_THREADS_SINCE) {
            return null;
        }
        try {
            return MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static final class ExecutorDispatcher implements Dispatcher {
        private final String name;
        private final ExecutorService executor;
        private final boolean owned;

        ExecutorDispatcher(String name, ExecutorService executor, boolean owned) {
            this.name = Objects.requireNonNull(name, "name");
            this.executor = Objects.requireNonNull(executor, "executor");
            this.owned = owned;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }

        @Override
        public void shutdown(Duration timeout) {
            if (owned) {
                executor.shutdown();
                awaitQuietly(executor, timeout);
            }
        }

        @Override
        public String toString() {
            return "ExecutorDispatcher[" + name + "]";
        }
    }

    private static void awaitQuietly(ExecutorService executor, Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
