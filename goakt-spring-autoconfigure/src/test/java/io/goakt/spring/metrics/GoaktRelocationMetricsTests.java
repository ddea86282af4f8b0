package io.goakt.spring.metrics;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ActorRelocated;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GoaktRelocationMetricsTests {

    private final ActorSystem system = ActorSystem.create("relocation-metrics");
    private final GoaktRelocationMetrics metrics = new GoaktRelocationMetrics(() -> system);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(5));
    }

    private double relocations(String kind) {
        return registry.get("goakt.cluster.relocations").tags("system", "relocation-metrics", "kind", kind)
                .counter().count();
    }

    @Test
    void noRelocationNoMeter() {
        metrics.bindTo(registry);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void relocationsAreCountedByKindNeverByName() {
        metrics.bindTo(registry);

        system.eventStream().publish(new ActorRelocated("ledger-1", "ledger", "a#1", "b#2"));
        system.eventStream().publish(new ActorRelocated("ledger-2", "ledger", "a#1", "c#3"));
        system.eventStream().publish(new ActorRelocated("clock", "scheduler", "a#1", "b#2"));

        assertThat(relocations("ledger")).isEqualTo(2);
        assertThat(relocations("scheduler")).isEqualTo(1);
        assertThat(registry.getMeters()).hasSize(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).extracting("key")
                .containsExactlyInAnyOrder("system", "kind"));
    }
}
