package io.goakt.spring.metrics;

import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteStats;
import io.goakt.remote.Remoting;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of one system's remoting, tagged {@code system}:
 * <ul>
 *   <li>{@code goakt.remote.messages} (function counter, tag {@code direction} = {@code outbound} | {@code inbound}):
 *       messages queued for peers and read from peers;</li>
 *   <li>{@code goakt.remote.bytes} (function counter, same tag): their frame bytes, before compression;</li>
 *   <li>{@code goakt.remote.connections} (gauge): handshaken connections open now, both directions;</li>
 *   <li>{@code goakt.remote.failures} (function counter, tag {@code reason}, one of the {@link FailureKind}s in lower
 *       case): failed connections, refused frames, undeliverable messages.</li>
 * </ul>
 *
 * <p>No meter is tagged by peer: peers are whoever connects (every restarted pod is a new address), so a peer tag
 * would grow without bound. Per-peer detail is in the remoting logs, or a {@link io.goakt.remote.RemoteMetrics} hook
 * of your own.
 *
 * <p>Every meter reads {@link Remoting#stats()}, the totals remoting keeps anyway, so nothing is counted twice on
 * the message path and traffic before the registry was bound is not lost. The meters hold the remoting weakly.
 *
 * <p>Threading: stateless after construction; Micrometer may bind and read from any thread.
 */
public final class GoaktRemotingMetrics implements MeterBinder {

    private final Supplier<Remoting> remoting;

    /**
     * @param remoting the remoting to observe, or a supplier of {@code null} when there is none (then nothing is
     *                 bound); asked for it only in {@link #bindTo}, so creating this binder does not start remoting
     */
    public GoaktRemotingMetrics(Supplier<Remoting> remoting) {
        this.remoting = remoting;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Remoting r = remoting.get();
        if (r == null) {
            return;
        }
        Tags system = Tags.of("system", r.system().name());
        counter(registry, r, "goakt.remote.messages", "Messages sent to and received from peers", null,
                system.and("direction", "outbound"), s -> s.messagesSent());
        counter(registry, r, "goakt.remote.messages", "Messages sent to and received from peers", null,
                system.and("direction", "inbound"), s -> s.messagesReceived());
        counter(registry, r, "goakt.remote.bytes", "Frame bytes sent to and received from peers, before compression",
                "bytes", system.and("direction", "outbound"), s -> s.bytesSent());
        counter(registry, r, "goakt.remote.bytes", "Frame bytes sent to and received from peers, before compression",
                "bytes", system.and("direction", "inbound"), s -> s.bytesReceived());
        Gauge.builder("goakt.remote.connections", r, x -> x.stats().openConnections())
                .description("Remoting connections open now, inbound and outbound")
                .tags(system)
                .register(registry);
        for (FailureKind kind : FailureKind.values()) {
            counter(registry, r, "goakt.remote.failures",
                    "Remoting failures: broken connections, refused frames, undeliverable messages", null,
                    system.and("reason", kind.name().toLowerCase(Locale.ROOT)), s -> s.failures(kind));
        }
    }

    /** Registers a function counter; {@code unit} is a base unit ({@code bytes}) or null for a plain count. */
    private static void counter(MeterRegistry registry, Remoting r, String name, String description, String unit,
                                Tags tags, ToDoubleFunction<RemoteStats> value) {
        FunctionCounter.builder(name, r, x -> value.applyAsDouble(x.stats()))
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }
}
