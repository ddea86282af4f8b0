package io.goakt.spring.metrics;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ClusterGrains;
import io.goakt.grain.GrainActivated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Micrometer meters of a cluster member's grains, tagged {@code system} (and {@code kind}), never by grain id or by
 * member: every member reports its own, so a monitoring system sums or splits them by instance.
 * <ul>
 *   <li>{@code goakt.cluster.grain.activations} (counter, tag {@code kind}): activations that started on this
 *       member, the owner of their partition;</li>
 *   <li>{@code goakt.cluster.grain.partitions} (gauge): grain partitions this member serves now (0 before the
 *       cluster started, while a hand-over holds them, and without quorum).</li>
 * </ul>
 *
 * <p>Threading: the event callback runs on whichever thread publishes grain events; the counters are in a
 * concurrent map, the gauge reads the cluster grains when scraped.
 */
public final class GoaktClusterGrainMetrics implements MeterBinder {

    private final SystemMeterBinding binding;
    private final ConcurrentHashMap<String, Counter> activations = new ConcurrentHashMap<>();

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, so this can be created
     *                       before the system
     */
    public GoaktClusterGrainMetrics(Supplier<ActorSystem> systemSupplier) {
        this.binding = new SystemMeterBinding(systemSupplier);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binding.bindTo(registry, b -> {
            ActorSystem system = b.system();
            Gauge.builder("goakt.cluster.grain.partitions", system,
                            s -> ClusterGrains.of(s).map(ClusterGrains::servedPartitions).orElse(0))
                    .description("Grain partitions this cluster member serves")
                    .tags(b.systemTags())
                    .register(binding.registries());
            system.eventStream().subscribe(GrainActivated.class, e -> activations.computeIfAbsent(
                    e.identity().kind(), k -> Counter.builder("goakt.cluster.grain.activations")
                            .description("Grain activations that started on this cluster member")
                            .tags(binding.bound().systemTags().and("kind", k))
                            .register(binding.registries())).increment());
        });
    }
}
