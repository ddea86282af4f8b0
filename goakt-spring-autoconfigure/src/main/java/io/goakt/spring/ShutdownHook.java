package io.goakt.spring;

import io.goakt.shutdown.CoordinatedShutdown;
import io.goakt.shutdown.ShutdownPhase;
import io.goakt.shutdown.ShutdownTask;

import java.time.Duration;
import java.util.Objects;

/**
 * A task of the actor system's coordinated shutdown, declared as a bean. The starter adds every bean of this type to
 * {@code system.coordinatedShutdown()} when the context starts (in the beans' order, before the EAGER actors spawn),
 * and the context's close runs the shutdown:
 *
 * <pre>{@code
 * @Bean
 * ShutdownHook flushCache(PriceCache cache) {
 *     return new ShutdownHook(ShutdownPhase.BEFORE_ACTORS_STOP, "flush-cache", Duration.ofSeconds(5), 2,
 *             reason -> cache.flushAsync());
 * }
 * }</pre>
 *
 * <p>In a web application the server has stopped taking requests and finished the ones it had before the shutdown
 * begins (its lifecycle stops before {@link ActorSystemLifecycle}'s), so every phase, from
 * {@link ShutdownPhase#BEFORE_SERVICE_UNBIND} on, runs after the web server's graceful shutdown.
 *
 * @param phase   when it runs
 * @param name    what the log calls it; not blank
 * @param timeout bound on each attempt; positive
 * @param retries further attempts after a failure or timeout; 0 or more
 * @param task    the work
 */
public record ShutdownHook(ShutdownPhase phase, String name, Duration timeout, int retries, ShutdownTask task) {

    /** Checks the parts the shutdown needs; a bad value fails the context's start naming the hook. */
    public ShutdownHook {
        Objects.requireNonNull(phase, "phase of shutdown hook " + name);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout of shutdown hook " + name);
        Objects.requireNonNull(task, "task of shutdown hook " + name);
    }

    /** Adds this hook to {@code shutdown}. */
    public CoordinatedShutdown.Registration addTo(CoordinatedShutdown shutdown) {
        return shutdown.addTask(phase, name, timeout, retries, task);
    }
}
