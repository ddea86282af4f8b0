package io.goakt.spring.metrics;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainActivated;
import io.goakt.grain.GrainDeactivated;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Micrometer meters of one actor system's grains, tagged {@code system} and {@code kind} (the grain kind), never by
 * grain id, so their number grows with the kinds and not with the grains:
 * <ul>
 *   <li>{@code goakt.grains.active} (gauge): grains with an activation running or starting;</li>
 *   <li>{@code goakt.grains.activations} (counter): activations that started, from {@link GrainActivated};</li>
 *   <li>{@code goakt.grains.deactivations} (counter, also tagged {@code reason}: {@code idle},
 *       {@code max_messages}, {@code requested}, {@code failure}, {@code shutdown}, {@code stopped}): activations
 *       that ended, from {@link GrainDeactivated}.</li>
 * </ul>
 *
 * <p>A kind's meters appear when it is registered before binding or when its first grain activates. Observing never
 * creates the system's grain registry, so a system without grains gets no grain meters and no grains actor. The
 * gauges read a snapshot of {@link GrainRegistry#activeGrains()} taken at most once a second, so one scrape walks the
 * active grains once. Bound to several registries, it records every meter into each of them.
 *
 * <p>Threading: the event callbacks run on whichever threads publish grain events; all state is in concurrent maps
 * or published through volatile fields.
 */
public final class GoaktGrainMetrics implements MeterBinder {

    private final SystemMeterBinding binding;
    private final ConcurrentHashMap<String, KindMeters> byKind = new ConcurrentHashMap<>();
    private final PeriodicSnapshot<Map<String, Integer>> active = new PeriodicSnapshot<>(Map.of(), this::countActive);

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, so this can be created
     *                       before the system
     */
    public GoaktGrainMetrics(Supplier<ActorSystem> systemSupplier) {
        this.binding = new SystemMeterBinding(systemSupplier);
    }

    /** The system's grain registry, if it has one yet: observing grains must not create it. */
    private static Optional<GrainRegistry> grains(ActorSystem system) {
        return system.extension(GrainRegistry.class);
    }

    /** One kind's counters; deactivation counters are made per reason on first use. */
    private record KindMeters(Counter activations, ConcurrentHashMap<GrainDeactivated.Reason, Counter> deactivations) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binding.bindTo(registry, this::observe);
    }

    private void observe(SystemMeterBinding.Bound b) {
        ActorSystem system = b.system();
        system.eventStream().subscribe(GrainActivated.class,
                e -> meters(e.identity().kind()).activations().increment());
        system.eventStream().subscribe(GrainDeactivated.class, this::deactivated);
        grains(system).ifPresent(grains -> {
            grains.kinds().forEach(this::meters);
            grains.activeGrains().forEach(g -> meters(g.kind()));
        });
    }

    private void deactivated(GrainDeactivated e) {
        KindMeters m = meters(e.identity().kind());
        m.deactivations().computeIfAbsent(e.reason(), r -> Counter.builder("goakt.grains.deactivations")
                .description("Grain activations that ended, by why they ended")
                .tags(binding.bound().systemTags().and("kind", e.identity().kind(),
                        "reason", r.name().toLowerCase(Locale.ROOT)))
                .register(binding.registries())).increment();
    }

    /** The meters of {@code kind}, registering them on first sight. Called only once bound. */
    private KindMeters meters(String kind) {
        return byKind.computeIfAbsent(kind, k -> {
            MeterRegistry registries = binding.registries();
            Tags tags = binding.bound().systemTags().and("kind", k);
            Gauge.builder("goakt.grains.active", this, g -> g.active.get().getOrDefault(k, 0))
                    .description("Grains with an activation running or starting")
                    .tags(tags)
                    .register(registries);
            Counter activations = Counter.builder("goakt.grains.activations")
                    .description("Grain activations that started")
                    .tags(tags)
                    .register(registries);
            return new KindMeters(activations, new ConcurrentHashMap<>());
        });
    }

    /** A fresh count of active grains per kind, or null before binding. */
    private Map<String, Integer> countActive() {
        SystemMeterBinding.Bound b = binding.bound();
        if (b == null) {
            return null;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (GrainIdentity g : grains(b.system()).map(GrainRegistry::activeGrains).orElse(Set.of())) {
            counts.merge(g.kind(), 1, Integer::sum);
        }
        return counts;
    }
}
