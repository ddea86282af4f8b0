package io.goakt.spring.metrics;

import io.goakt.actor.ActorSystem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code bindTo} path of the binders whose meters appear per kind as actors or grains show up
 * ({@link GoaktMetrics}, {@link GoaktGrainMetrics}). Micrometer calls {@code bindTo} once per registry, but a kind's
 * meters are made long after, when its first actor or grain shows up. So every bound registry becomes a child of one
 * {@link CompositeMeterRegistry}: each meter is registered once, into the composite, and recorded into every
 * registry. The system is asked for on the first bind only, because the binders are created before it (
 * {@link GoaktMetrics} is an interceptor installed in the system's own config).
 *
 * <p>Threading: {@link #bindTo} is {@code synchronized}, so two registries bound at once subscribe to the system
 * once. {@link #bound()} is a volatile load that pairs with the volatile store in {@link #bindTo}, made before the
 * first-bind callback runs: whatever the callback subscribes sees the system and its tags.
 */
final class SystemMeterBinding {

    /** The observed system and the tags every meter of it carries. */
    record Bound(ActorSystem system, Tags systemTags) {
    }

    private final Supplier<ActorSystem> systemSupplier;
    private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
    private volatile Bound bound;

    SystemMeterBinding(Supplier<ActorSystem> systemSupplier) {
        this.systemSupplier = systemSupplier;
    }

    /**
     * Adds {@code registry} to the registries every meter is recorded into. The first call also asks for the system,
     * publishes it and runs {@code onFirstBind}, which registers the system-wide meters and subscribes to events.
     */
    synchronized void bindTo(MeterRegistry registry, Consumer<Bound> onFirstBind) {
        registries.add(registry);
        if (bound != null) {
            return;
        }
        ActorSystem system = systemSupplier.get();
        Bound b = new Bound(system, Tags.of("system", system.name()));
        bound = b;
        onFirstBind.accept(b);
    }

    /** The system and its tags, or {@code null} until the first {@link #bindTo}. */
    Bound bound() {
        return bound;
    }

    /** Where meters are registered: the composite of every bound registry. */
    MeterRegistry registries() {
        return registries;
    }
}
