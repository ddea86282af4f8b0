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
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

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
 * gauges read a snapshot of {@link GrainRegistry#activeGrains()} taken at most once per {@link #SNAPSHOT_TTL_NANOS},
 * so one scrape walks the active grains once. Bound to several registries, it records every meter into each of
 * them.
 *
 * <p>Threading: the event callbacks run on whichever threads publish grain events; all state is in concurrent maps
 * or published through volatile fields.
 */
public final class GoaktGrainMetrics implements MeterBinder {

    static final long SNAPSHOT_TTL_NANOS = 1_000_000_000L;

    private final Supplier<ActorSystem> systemSupplier;
    // Every registry this is bound to is a child: meters are registered once and recorded into all of them.
    private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
    private final ConcurrentHashMap<String, KindMeters> byKind = new ConcurrentHashMap<>();
    private volatile Bound bound;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Long.MIN_VALUE);

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, so this can be created
     *                       before the system
     */
    public GoaktGrainMetrics(Supplier<ActorSystem> systemSupplier) {
        this.systemSupplier = systemSupplier;
    }

    private record Bound(ActorSystem system, Tags systemTags) {

        /** The system's grain registry, if it has one yet: observing grains must not create it. */
        Optional<GrainRegistry> grains() {
            return system.extension(GrainRegistry.class);
        }
    }

    private record Snapshot(Map<String, Integer> active, long takenAt) {
    }

    /** One kind's counters; deactivation counters are made per reason on first use. */
    private record KindMeters(Counter activations, ConcurrentHashMap<GrainDeactivated.Reason, Counter> deactivations) {
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (bound != null) {
            return;
        }
        ActorSystem system = systemSupplier.get();
        Bound b = new Bound(system, Tags.of("system", system.name()));
        bound = b;
        system.eventStream().subscribe(GrainActivated.class,
                e -> meters(e.identity().kind()).activations().increment());
        system.eventStream().subscribe(GrainDeactivated.class, this::deactivated);
        b.grains().ifPresent(grains -> {
            grains.kinds().forEach(this::meters);
            grains.activeGrains().forEach(g -> meters(g.kind()));
        });
    }

    private void deactivated(GrainDeactivated e) {
        KindMeters m = meters(e.identity().kind());
        m.deactivations().computeIfAbsent(e.reason(), r -> Counter.builder("goakt.grains.deactivations")
                .description("Grain activations that ended, by why they ended")
                .baseUnit("deactivations")
                .tags(bound.systemTags().and("kind", e.identity().kind(), "reason", r.name().toLowerCase(Locale.ROOT)))
                .register(registries)).increment();
    }

    /** The meters of {@code kind}, registering them on first sight. Called only once bound. */
    private KindMeters meters(String kind) {
        return byKind.computeIfAbsent(kind, k -> {
            Tags tags = bound.systemTags().and("kind", k);
            Gauge.builder("goakt.grains.active", this, g -> g.snapshot().active().getOrDefault(k, 0))
                    .description("Grains with an activation running or starting")
                    .baseUnit("grains")
                    .tags(tags)
                    .register(registries);
            Counter activations = Counter.builder("goakt.grains.activations")
                    .description("Grain activations that started")
                    .baseUnit("activations")
                    .tags(tags)
                    .register(registries);
            return new KindMeters(activations, new ConcurrentHashMap<>());
        });
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s.takenAt() != Long.MIN_VALUE && now - s.takenAt() < SNAPSHOT_TTL_NANOS) {
            return s;
        }
        Bound b = bound;
        if (b == null) {
            return s;
        }
        Map<String, Integer> active = new HashMap<>();
        for (GrainIdentity g : b.grains().map(GrainRegistry::activeGrains).orElse(Set.of())) {
            active.merge(g.kind(), 1, Integer::sum);
        }
        s = new Snapshot(active, now);
        snapshot = s;
        return s;
    }
}
