package io.goakt.testkit;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns one {@link ActorSystem} for one test and makes {@link Probe}s and {@link GrainProbe}s in it. Close it at the
 * end of the test (or let {@link TestKitExtension} do it): every actor stops and the system's threads end.
 *
 * <pre>{@code
 * try (TestKit kit = new TestKit()) {
 *     Probe probe = kit.probe();
 *     ActorRef greeter = kit.system().spawn("greeter", Greeter::new, SpawnOptions.defaults());
 *     probe.send(greeter, new Greet("Ada"));
 *     probe.expectMessage(new Greeting("Hello, Ada"));
 * }
 * }</pre>
 *
 * <p>Threading: a test kit belongs to the test thread that made it; its probes may be used from that thread.
 */
public final class TestKit implements AutoCloseable {

    /** How long expectations wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem system;
    private final Duration timeout;
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger grainProbes = new AtomicInteger();

    /** A kit with a system named {@code testkit} and default settings. */
    public TestKit() {
        this("testkit", ActorSystemConfig.defaults(), DEFAULT_TIMEOUT);
    }

    /**
     * A kit with a system of your own settings.
     *
     * @param timeout how long {@code expect...} calls wait by default
     */
    public TestKit(String systemName, ActorSystemConfig config, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.system = ActorSystem.create(systemName, config);
        this.timeout = timeout;
    }

    /** The system under test. */
    public ActorSystem system() {
        return system;
    }

    /** How long expectations wait by default. */
    public Duration timeout() {
        return timeout;
    }

    /** A new probe named {@code probe-<n>}. */
    public Probe probe() {
        return probe("probe-" + probes.incrementAndGet());
    }

    /** A new probe with a name of your choice (a top-level actor name). */
    public Probe probe(String name) {
        return new Probe(system, name, timeout);
    }

    /**
     * A new grain probe named {@code grain-probe-<n>}: it talks to grains with itself as the sender and sees their
     * activations from now on.
     */
    public GrainProbe grainProbe() {
        return grainProbe("grain-probe-" + grainProbes.incrementAndGet());
    }

    /** A new grain probe with a name of your choice (a top-level actor name; {@code <name>-events} is taken too). */
    public GrainProbe grainProbe(String name) {
        return new GrainProbe(system, name, timeout);
    }

    /** Shuts the system down; idempotent. */
    @Override
    public void close() {
        system.shutdown(SHUTDOWN_TIMEOUT);
    }
}
