package io.goakt.spring;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ShutdownTimeoutException;
import io.goakt.shutdown.ShutdownReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Starts and stops the application's {@link ActorSystem} with the application context, in a phase below the web
 * server's: EAGER actors are running before the server takes traffic, and the system stops only after the server
 * has drained its requests.
 *
 * <p>Stopping runs the system's {@linkplain ActorSystem#coordinatedShutdown() coordinated shutdown} with reason
 * {@link ShutdownReason#CONTEXT_CLOSED}, within {@code goakt.system.shutdown-timeout}: the application's
 * {@link ShutdownHook} beans and the runtime's own steps run in their phases; a cluster member leaves before its
 * actors stop; the actors handle the messages already queued (messages accepted are handled, not dropped) and stop;
 * remoting closes. Actors still running at the deadline are logged by name. Spring's own shutdown hook drives this;
 * the runtime installs none.
 *
 * <p>Threading: {@link #state()} may be read by any thread; Spring calls start and stop from one thread.
 */
public class ActorSystemLifecycle implements SmartLifecycle {

    /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}) so it starts earlier and stops later. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ActorSystemLifecycle.class);

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
     * @param shutdownTimeout bound on the coordinated shutdown
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
        try {
            system.coordinatedShutdown().run(ShutdownReason.CONTEXT_CLOSED, shutdownTimeout).toCompletableFuture()
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ShutdownTimeoutException t) {
                LOG.warn("actor system {} did not stop within {}: still running {}", system.name(), shutdownTimeout,
                        t.notStopped());
            } else {
                LOG.warn("actor system {} shut down with a failure", system.name(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state = State.STOPPED;
        }
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
