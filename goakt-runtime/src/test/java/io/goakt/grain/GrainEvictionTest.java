package io.goakt.grain;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.EvictionPolicy;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Grain activations are eviction candidates: an evicted grain deactivates, and its next message activates it. */
class GrainEvictionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ManualScheduler time = new ManualScheduler();
    // The cap counts the grains parent too: it and three activations fit.
    private final ActorSystem system = ActorSystem.create("grain-evict", ActorSystemConfig.builder().scheduler(time)
            .eviction(EvictionPolicy.lru(4).withInterval(Duration.ofHours(1))).build());
    private final GrainRegistry grains = Grains.of(system);
    private final List<GrainDeactivated> deactivated = new CopyOnWriteArrayList<>();

    GrainEvictionTest() {
        system.eventStream().subscribe(GrainDeactivated.class, deactivated::add);
        grains.register("counter", Counter::new, GrainOptions.builder().idleTimeout(Duration.ofHours(1)).build());
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /** "inc" adds one and answers the count: a fresh activation starts from zero. */
    private static final class Counter implements Grain {
        private int count;

        @Override
        public void receive(GrainContext ctx) {
            ctx.respond(++count);
        }
    }

    private Object inc(String id) throws Exception {
        return grains.ref("counter", id).ask("inc", WAIT).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void anEvictedGrainDeactivatesAndItsNextMessageActivatesItAgain() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            time.advance(Duration.ofSeconds(1));
            assertThat(inc(id)).isEqualTo(1);
        }
        time.advance(Duration.ofSeconds(1));
        assertThat(inc("b")).isEqualTo(2);
        time.advance(Duration.ofSeconds(1));
        assertThat(inc("c")).isEqualTo(2);

        time.advance(Duration.ofSeconds(1));
        assertThat(inc("d")).isEqualTo(1); // one over the cap: "a" was used least recently

        GrainIdentity a = GrainIdentity.of("counter", "a");
        await().atMost(WAIT).until(() -> !grains.isActive(a));
        await().atMost(WAIT).until(() -> deactivated.size() == 1);
        assertThat(deactivated.get(0)).isEqualTo(new GrainDeactivated(a, GrainDeactivated.Reason.EVICTED));
        assertThat(grains.isActive(GrainIdentity.of("counter", "b"))).isTrue();

        time.advance(Duration.ofSeconds(1));
        assertThat(inc("a")).isEqualTo(1); // a fresh activation; "b" goes to make room
        await().atMost(WAIT).until(() -> system.actorCount() <= 4);
        await().atMost(WAIT).until(() -> deactivated.size() == 2);
        assertThat(deactivated.get(1).identity()).isEqualTo(GrainIdentity.of("counter", "b"));
    }
}
