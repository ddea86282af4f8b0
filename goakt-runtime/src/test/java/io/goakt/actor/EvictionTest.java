package io.goakt.actor;

import io.goakt.eventstream.ActorPassivated;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The system-wide cap on live actors: past it, passivation-enabled actors are passivated in the order the policy
 * says, and no other actor ever is.
 */
class EvictionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SpawnOptions ON_DEMAND = SpawnOptions.builder()
            .passivation(Passivation.afterIdle(Duration.ofHours(1))).build();

    private final ManualScheduler time = new ManualScheduler();
    private ActorSystem system;
    private final List<ActorPassivated> passivated = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private void start(EvictionPolicy policy) {
        system = ActorSystem.create("evict", ActorSystemConfig.builder().scheduler(time)
                .eviction(policy.withInterval(Duration.ofHours(1))).build());
        system.eventStream().subscribe(ActorPassivated.class, passivated::add);
    }

    private static final class Echo implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() != PostStart.INSTANCE) {
                ctx.respond(ctx.message());
            }
        }
    }

    private static Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, WAIT).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Spawns a0..a(n-1), on-demand actors. */
    private List<ActorRef> spawnOnDemand(int n) {
        List<ActorRef> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add(system.spawn("a" + i, Echo::new, ON_DEMAND));
        }
        return refs;
    }

    /** Asks the actors in this order, one second of (manual) time apart: the last asked is the most recent. */
    private void useInOrder(List<ActorRef> refs, int... order) throws Exception {
        for (int i : order) {
            time.advance(Duration.ofSeconds(1));
            assertThat(ask(refs.get(i), "hi")).isEqualTo("hi");
        }
    }

    /** One more actor, never a candidate: the system is one over its cap, and exactly one candidate goes. */
    private void pushOverTheCap() {
        system.spawn("long-lived", Echo::new, SpawnOptions.defaults());
    }

    private void awaitOnlyEvicted(List<ActorRef> refs, int evicted) {
        await().atMost(WAIT).until(() -> system.lookup("a" + evicted).isEmpty());
        for (int i = 0; i < refs.size(); i++) {
            if (i != evicted) {
                assertThat(system.lookup("a" + i)).as("a" + i).isPresent();
            }
        }
        await().atMost(WAIT).until(() -> passivated.size() == 1);
        assertThat(passivated.get(0).actor()).isEqualTo(refs.get(evicted));
        assertThat(passivated.get(0).reason()).isEqualTo(ActorPassivated.Reason.EVICTED);
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedActor() throws Exception {
        start(EvictionPolicy.lru(6));
        List<ActorRef> refs = spawnOnDemand(6);
        useInOrder(refs, 3, 1, 4, 0, 2, 5);
        pushOverTheCap();
        awaitOnlyEvicted(refs, 3);
    }

    @Test
    void mruEvictsTheMostRecentlyUsedActor() throws Exception {
        start(EvictionPolicy.mru(6));
        List<ActorRef> refs = spawnOnDemand(6);
        useInOrder(refs, 3, 1, 4, 0, 2, 5);
        time.advance(Duration.ofSeconds(1));
        pushOverTheCap();
        awaitOnlyEvicted(refs, 5);
    }

    @Test
    void lfuEvictsTheLeastFrequentlyUsedActor() throws Exception {
        start(EvictionPolicy.lfu(6));
        List<ActorRef> refs = spawnOnDemand(6);
        int[] uses = {5, 3, 1, 4, 2, 6};
        for (int i = 0; i < uses.length; i++) {
            for (int n = 0; n < uses[i]; n++) {
                assertThat(ask(refs.get(i), n)).isEqualTo(n);
            }
        }
        for (int i = 0; i < uses.length; i++) {
            String name = "a" + i;
            long expected = uses[i];
            // The processed count is recorded when a turn ends, which may follow the reply.
            await().atMost(WAIT).until(() -> system.inspect(name).orElseThrow().processedCount() == expected);
        }
        pushOverTheCap();
        awaitOnlyEvicted(refs, 2);
    }

    @Test
    void liveActorsConvergeToTheCapWhenTenTimesAsManyAreSpawned() {
        int cap = 50;
        start(EvictionPolicy.lru(cap).withSampleSize(8));
        for (int i = 0; i < cap * 10; i++) {
            system.spawn("a" + i, Echo::new, ON_DEMAND);
        }
        await().atMost(WAIT).until(() -> system.actorCount() <= cap);
        // Exactly the excess went: an eviction on its way is never counted as still over the cap.
        await().atMost(WAIT).untilAsserted(() -> assertThat(passivated).hasSize(cap * 9));
        assertThat(system.actorCount()).isEqualTo(cap);
        assertThat(passivated).allMatch(p -> p.reason() == ActorPassivated.Reason.EVICTED);
    }

    @Test
    void aPercentageEvictsBeyondTheExcess() {
        start(EvictionPolicy.lru(20).withPercentage(50));
        for (int i = 0; i < 21; i++) {
            system.spawn("a" + i, Echo::new, ON_DEMAND);
        }
        // One over: the excess (1) and half the cap (10) go at once.
        await().atMost(WAIT).until(() -> passivated.size() == 11);
        await().atMost(WAIT).until(() -> system.actorCount() == 10);
    }

    @Test
    void actorsWithoutPassivationAreNeverEvictedEvenOverTheCap() throws Exception {
        start(EvictionPolicy.lru(3));
        AtomicInteger stops = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            system.spawn("keep" + i, () -> new Actor() {
                @Override
                public void receive(ReceiveContext ctx) {
                    ctx.respond("here");
                }

                @Override
                public void postStop(Context ctx) {
                    stops.incrementAndGet();
                }
            }, SpawnOptions.defaults());
        }
        ActorRef candidate = system.spawn("on-demand", Echo::new, ON_DEMAND);
        await().atMost(WAIT).until(() -> system.lookup("on-demand").isEmpty());
        time.advance(Duration.ofHours(2)); // the periodic check runs too, and finds only actors it may not evict
        for (int i = 0; i < 10; i++) {
            assertThat(ask(system.lookup("keep" + i).orElseThrow(), "?")).isEqualTo("here");
        }
        assertThat(stops).hasValue(0);
        assertThat(system.actorCount()).isEqualTo(10);
        assertThat(passivated).extracting(ActorPassivated::actor).containsExactly(candidate);
    }

    @Test
    void theCapCountsChildrenAndEvictsPassivatingChildren() throws Exception {
        start(EvictionPolicy.lru(3));
        ActorRef parent = system.spawn("parent", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof String name) {
                ctx.spawnChild(name, Echo::new, ON_DEMAND);
                ctx.respond("spawned");
            }
        }), SpawnOptions.defaults());
        for (int i = 0; i < 5; i++) {
            assertThat(ask(parent, "c" + i)).isEqualTo("spawned");
        }
        await().atMost(WAIT).until(() -> system.actorCount() <= 3);
        assertThat(system.lookup("parent")).isPresent();
    }

    @Test
    void invalidPoliciesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> EvictionPolicy.lru(0)).hasMessageContaining("maxActors");
        assertThatThrownBy(() -> EvictionPolicy.lfu(5).withPercentage(101)).hasMessageContaining("percentage");
        assertThatThrownBy(() -> EvictionPolicy.mru(5).withSampleSize(0)).hasMessageContaining("sampleSize");
        assertThatThrownBy(() -> EvictionPolicy.mru(5).withInterval(Duration.ZERO)).hasMessageContaining("interval");
        assertThatThrownBy(() -> ActorSystemConfig.builder().eviction(EvictionPolicy.lru(5))
                .eviction(EvictionPolicy.lru(6))).hasMessageContaining("eviction");
    }
}
