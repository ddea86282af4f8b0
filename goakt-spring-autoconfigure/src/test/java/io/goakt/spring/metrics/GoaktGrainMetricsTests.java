package io.goakt.spring.metrics;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GoaktGrainMetricsTests {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final ActorSystem system = ActorSystem.create("grain-metrics");
    private final GoaktGrainMetrics metrics = new GoaktGrainMetrics(() -> system);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(5));
    }

    /** The system's grain registry, created by the first call. */
    private GrainRegistry grains() {
        return Grains.of(system);
    }

    private void registerEcho(String kind, GrainOptions options) {
        grains().register(kind, () -> ctx -> ctx.respond(ctx.message()), options);
    }

    private double active(String kind) {
        return registry.get("goakt.grains.active").tags("system", "grain-metrics", "kind", kind).gauge().value();
    }

    @Test
    void aSystemWithoutGrainsGetsNoGrainMetersAndNoRegistry() {
        metrics.bindTo(registry);
        assertThat(registry.getMeters()).isEmpty();
        assertThat(system.extension(GrainRegistry.class)).isEmpty();
    }

    @Test
    void activeGrainsAreCountedByKindNeverById() throws Exception {
        registerEcho("cart", GrainOptions.defaults());
        registerEcho("quiet", GrainOptions.defaults());
        metrics.bindTo(registry);
        assertThat(active("quiet")).isZero();
        for (String user : new String[] {"alice", "bob", "carol"}) {
            grains().ref("cart", user).ask("hi", ASK).toCompletableFuture().get();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(active("cart")).isEqualTo(3.0));
        assertThat(registry.get("goakt.grains.activations").tags("kind", "cart").counter().count()).isEqualTo(3.0);
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            // a count has no base unit: Prometheus would repeat it after the name
            assertThat(meter.getId().getBaseUnit()).as(meter.getId().getName()).isNull();
            assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf("system", "kind", "reason");
            assertThat(meter.getId().getTags()).extracting(Tag::getValue).doesNotContain("alice", "bob", "carol");
        }
    }

    @Test
    void deactivationsAreCountedByReason() throws Exception {
        registerEcho("once", GrainOptions.builder().maxMessages(1).build());
        registerEcho("cart", GrainOptions.defaults());
        metrics.bindTo(registry);
        grains().ref("once", "a").ask("1", ASK).toCompletableFuture().get();
        grains().ref("once", "a").ask("2", ASK).toCompletableFuture().get();
        grains().ref("cart", "b").ask("1", ASK).toCompletableFuture().get();
        grains().deactivate(GrainIdentity.of("cart", "b")).toCompletableFuture().get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(registry.get("goakt.grains.deactivations").tags("kind", "once", "reason", "max_messages")
                    .counter().count()).isEqualTo(2.0);
            assertThat(registry.get("goakt.grains.deactivations").tags("kind", "cart", "reason", "requested")
                    .counter().count()).isEqualTo(1.0);
        });
        assertThat(registry.get("goakt.grains.activations").tags("kind", "once").counter().count()).isEqualTo(2.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(active("cart")).isZero());
    }

    @Test
    void aKindRegisteredAfterBindingGetsMetersWithItsFirstActivation() throws Exception {
        metrics.bindTo(registry);
        assertThat(registry.find("goakt.grains.active").gauges()).isEmpty();
        registerEcho("late", GrainOptions.defaults());
        grains().ref("late", "x").ask("hi", ASK).toCompletableFuture().get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(active("late")).isEqualTo(1.0));
    }

    @Test
    void everyBoundRegistryGetsTheMeters() throws Exception {
        registerEcho("cart", GrainOptions.defaults());
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(second);
        grains().ref("cart", "a").ask("hi", ASK).toCompletableFuture().get();
        for (SimpleMeterRegistry r : java.util.List.of(registry, second)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(r.get("goakt.grains.activations")
                    .tags("kind", "cart").counter().count()).isEqualTo(1.0));
        }
    }
}
