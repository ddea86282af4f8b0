package io.goakt.spring;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ShutdownTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts and stops the application's {@link ActorSystem} with the application context, in a phase below the web
 * server's: EAGER actors are running before the server takes traffic, and the system stops only after the server
 * has drained its requests.
 *
 * <p>Stopping first waits until every mailbox is empty (messages already accepted are handled, not dropped), then
 * shuts the system down; both within {@code goakt.system.shutdown-timeout} together, draining taking at most three
 * quarters of it. Actors still running then are
 * logged by name. Spring's own shutdown hook drives this; the runtime installs none.
 *
 * <p>Threading: {@link #state()} may be read by any thread; Spring calls start and stop from one thread.
 */
public class ActorSystemLifecycle implements SmartLifecycle {

    /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}) so it starts earlier and stops later. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ActorSystemLifecycle.class);
    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The least time left to the system's own shutdown, so a drain that used the whole budget still stops it. */
    private static final long MIN_SHUTDOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Where the system is in its life, as seen by the application. */
    public enum State {
        /** Created; EAGER actors not spawned yet. */
        CREATED,
        /** Started by the context. */
        RUNNING,
        /** The context is stopping it. */
        STOPPING,
        /** Stopped by the context. */
        STOPPED
    }

    private final ActorSystem system;
    private final Runnable onStart;
    private final Duration shutdownTimeout;
    private volatile State state = State.CREATED;

    /**
     * @param system          the system
     * @param onStart         what to run on start (spawning the EAGER actors)
     * @param shutdownTimeout bound on draining and stopping
     */
    public ActorSystemLifecycle(ActorSystem system, Runnable onStart, Duration shutdownTimeout) {
        this.system = system;
        this.onStart = onStart;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        onStart.run();
        state = State.RUNNING;
    }

    @Override
    public void stop() {
        if (state != State.RUNNING) {
            return;
        }
        state = State.STOPPING;
        long start = System.nanoTime();
        long deadline = start + shutdownTimeout.toNanos();
        // Draining may use three quarters of the budget; the rest is kept for postStop hooks.
        long drainDeadline = start + shutdownTimeout.toNanos() / 4 * 3;
        try {
            if (!drain(drainDeadline)) {
                LOG.warn("actor system {}: mailboxes not empty after {}; stopping anyway", system.name(),
                        shutdownTimeout);
            }
            long left = Math.max(deadline - System.nanoTime(), MIN_SHUTDOWN_NANOS);
            system.shutdown(Duration.ofNanos(left));
        } catch (ShutdownTimeoutException e) {
            LOG.warn("actor system {} did not stop within {}: still running {}", system.name(), shutdownTimeout,
                    e.notStopped());
        } finally {
            state = State.STOPPED;
        }
    }

    /** Waits until no actor has a queued message; false when the deadline passed first. */
    private boolean drain(long deadline) {
        while (system.isRunning()) {
            if (system.actors().stream().mapToInt(ActorInfo::mailboxSize).sum() == 0) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        return true;
    }

    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Where the system is in its life. */
    public State state() {
        return state;
    }

    /** The system this lifecycle drives. */
    public ActorSystem system() {
        return system;
    }
}
