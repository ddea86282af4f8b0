package io.goakt.spring.metrics;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ActorRelocated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The relocation meter of one cluster member, {@code goakt.cluster.relocations} (counter, tags {@code system} and
 * {@code kind}): relocatable actors this member spawned again, as arbiter of their names, after their member
 * crashed, left, shut down or lost quorum ({@link ActorRelocated}). The cluster's total is the sum over members. A
 * kind's counter appears with its first relocation.
 *
 * <p>Threading: the event callback runs on the registry thread that publishes {@link ActorRelocated}; the counters
 * sit in a concurrent map and are registered once per kind.
 */
public final class GoaktRelocationMetrics implements MeterBinder {

    private final SystemMeterBinding binding;
    private final ConcurrentHashMap<String, Counter> byKind = new ConcurrentHashMap<>();

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, so this can be created
     *                       before the system
     */
    public GoaktRelocationMetrics(Supplier<ActorSystem> systemSupplier) {
        this.binding = new SystemMeterBinding(systemSupplier);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binding.bindTo(registry, b -> b.system().eventStream().subscribe(ActorRelocated.class,
                e -> counter(e.kind()).increment()));
    }

    private Counter counter(String kind) {
        return byKind.computeIfAbsent(kind, k -> Counter.builder("goakt.cluster.relocations")
                .description("Relocatable actors this member spawned again after their member went")
                .tags(binding.bound().systemTags().and("kind", k))
                .register(binding.registries()));
    }

    @Override
    public String toString() {
        return "GoaktRelocationMetrics";
    }
}
