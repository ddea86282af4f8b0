package io.goakt.spring.metrics;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.EvictionPolicy;
import io.goakt.actor.Passivation;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GoaktMetricsTests {

    private static final Duration ASK = Duration.ofSeconds(5);

    private final AtomicReference<ActorSystem> systemRef = new AtomicReference<>();
    private final GoaktMetrics metrics = new GoaktMetrics(systemRef::get);
    private final ActorSystem system = ActorSystem.create("metrics-test",
            ActorSystemConfig.builder().interceptor(metrics).build());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Replies "ok", or fails on "boom". */
    static final class Worker implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond("ok");
            }
        }
    }

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void metersAreTaggedBySystemAndKindOnly() throws Exception {
        systemRef.set(system);
        metrics.bindTo(registry);
        ActorRef a = system.spawn("a", Worker::new, SpawnOptions.defaults());
        ActorRef b = system.spawn("b", Worker::new, SpawnOptions.defaults());
        a.ask("x", ASK).toCompletableFuture().get();
        b.ask("x", ASK).toCompletableFuture().get();
        b.ask("x", ASK).toCompletableFuture().get();
        String kind = Worker.class.getName();

        assertThat(registry.get("goakt.actors.active").tags("system", "metrics-test", "kind", kind).gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("goakt.mailbox.size").tags("kind", kind).gauge().value()).isEqualTo(0.0);
        // the three asks; PostStart is not a message anyone sent
        await().untilAsserted(() -> assertThat(registry.get("goakt.messages.processed").tags("kind", kind)
                .counter().count()).isEqualTo(3.0));
        assertThat(registry.get("goakt.message.processing").tags("kind", kind).timer().count()).isEqualTo(3);
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            assertThat(meter.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
                    .isSubsetOf("system", "kind");
            if (meter.getId().getType() != Meter.Type.TIMER) {
                // counts have no base unit: Prometheus would repeat it after the name
                assertThat(meter.getId().getBaseUnit()).as(meter.getId().getName()).isNull();
            }
        }
    }

    @Test
    void restartsAndDeadLettersAreCounted() throws Exception {
        systemRef.set(system);
        metrics.bindTo(registry);
        ActorRef a = system.spawn("a", Worker::new, SpawnOptions.defaults());
        a.tell("boom");
        await().untilAsserted(() -> assertThat(registry.get("goakt.restarts").tags("kind", Worker.class.getName())
                .counter().count()).isEqualTo(1.0));
        system.actorOf("nobody").tell("lost");
        await().untilAsserted(() -> assertThat(registry.get("goakt.dead.letters").tags("system", "metrics-test")
                .functionCounter().count()).isGreaterThanOrEqualTo(2.0));
    }

    @Test
    void evictionsAreCountedWhenTheSystemHasACap() {
        AtomicReference<ActorSystem> capped = new AtomicReference<>();
        GoaktMetrics cappedMetrics = new GoaktMetrics(capped::get);
        capped.set(ActorSystem.create("metrics-capped", ActorSystemConfig.builder().interceptor(cappedMetrics)
                .eviction(EvictionPolicy.lru(2)).build()));
        try {
            cappedMetrics.bindTo(registry);
            SpawnOptions onDemand = SpawnOptions.builder()
                    .passivation(Passivation.afterIdle(Duration.ofHours(1))).build();
            for (int i = 0; i < 5; i++) {
                capped.get().spawn("w" + i, Worker::new, onDemand);
            }
            await().untilAsserted(() -> assertThat(registry.get("goakt.actors.evicted")
                    .tags("system", "metrics-capped").functionCounter().count()).isEqualTo(3.0));
        } finally {
            capped.get().shutdown(Duration.ofSeconds(5));
        }
        systemRef.set(system); // no policy: no meter
        metrics.bindTo(registry);
        assertThat(registry.find("goakt.actors.evicted").tags("system", "metrics-test").functionCounter()).isNull();
    }

    @Test
    void everyBoundRegistryGetsTheMeters() throws Exception {
        systemRef.set(system);
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(second);
        ActorRef a = system.spawn("a", Worker::new, SpawnOptions.defaults());
        a.ask("x", ASK).toCompletableFuture().get();
        for (SimpleMeterRegistry r : java.util.List.of(registry, second)) {
            await().untilAsserted(() -> assertThat(r.get("goakt.messages.processed")
                    .tags("kind", Worker.class.getName()).counter().count()).isEqualTo(1.0));
        }
    }

    @Test
    void lambdaActorsShareOneKindPerDeclaringClass() throws Exception {
        systemRef.set(system);
        metrics.bindTo(registry);
        system.spawnFromFunction("f1", ctx -> ctx.respond("f1")).ask("x", ASK).toCompletableFuture().get();
        system.spawnFromFunction("f2", ctx -> ctx.respond("f2")).ask("x", ASK).toCompletableFuture().get();
        assertThat(registry.find("goakt.actors.active").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("kind")).endsWith("$$Lambda"));
        assertThat(io.goakt.spring.internal.KindNames.of("a.B$$Lambda/0x0000123")).isEqualTo("a.B$$Lambda");
        assertThat(io.goakt.spring.internal.KindNames.of("a.B")).isEqualTo("a.B");
    }

    @Test
    void theCounterAndEachActorsProcessedCountAgreeOnTheSameTraffic() throws Exception {
        systemRef.set(system);
        // started before any registry is bound, as an actor injected while the application context is created
        ActorRef early = system.spawn("early", Worker::new, SpawnOptions.defaults());
        await().until(() -> system.inspect("early").isPresent());
        metrics.bindTo(registry);
        ActorRef late = system.spawn("late", Worker::new, SpawnOptions.defaults());
        for (int i = 0; i < 3; i++) {
            early.ask("x", ASK).toCompletableFuture().get();
            late.ask("x", ASK).toCompletableFuture().get();
        }
        late.tell("boom"); // handled (it failed) and followed by a restart, whose PostStart counts nowhere
        await().until(() -> system.inspect("late").orElseThrow().restartCount() == 1);
        late.ask("x", ASK).toCompletableFuture().get();

        await().untilAsserted(() -> {
            long earlyCount = system.inspect("early").orElseThrow().processedCount();
            long lateCount = system.inspect("late").orElseThrow().processedCount();
            assertThat(earlyCount).isEqualTo(3);
            assertThat(lateCount).isEqualTo(5);
            assertThat(registry.get("goakt.messages.processed").tags("kind", Worker.class.getName()).counter()
                    .count()).isEqualTo(earlyCount + lateCount);
        });
    }

    @Test
    void theKindFunctionNamesTheKindTag() throws Exception {
        AtomicReference<ActorSystem> ref = new AtomicReference<>();
        GoaktMetrics named = new GoaktMetrics(ref::get,
                c -> c.equals(Worker.class.getName()) ? "worker" : io.goakt.spring.internal.KindNames.of(c));
        ActorSystem other = ActorSystem.create("named-kinds", ActorSystemConfig.builder().interceptor(named).build());
        try {
            ref.set(other);
            named.bindTo(registry);
            other.spawn("w", Worker::new, SpawnOptions.defaults()).ask("x", ASK).toCompletableFuture().get();
            await().untilAsserted(() -> assertThat(registry.get("goakt.messages.processed")
                    .tags("system", "named-kinds", "kind", "worker").counter().count()).isEqualTo(1.0));
            assertThat(registry.get("goakt.actors.active").tags("kind", "worker").gauge().value()).isEqualTo(1.0);
        } finally {
            other.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void beforeBindingTheInterceptorOnlyPassesMessagesOn() throws Exception {
        ActorRef a = system.spawn("a", Worker::new, SpawnOptions.defaults());
        assertThat(a.ask("x", ASK).toCompletableFuture().get()).isEqualTo("ok");
        assertThat(registry.getMeters()).isEmpty();
    }
}
