package io.goakt.router;

import io.goakt.testsupport.Recorder;
import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PoolManagementTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ActorSystem system;
    private final Hits hits = new Hits();

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("pool");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(TIMEOUT);
    }

    private static List<ActorRef> routees(ActorRef router) throws Exception {
        return RoutingStrategiesTest.routees(router);
    }

    @Test
    void theRouteesAreTheRoutersChildrenUnderFreshNames() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(3, hits::worker, RoutingStrategy.roundRobin()),
                SpawnOptions.defaults());
        List<ActorRef> routees = routees(router);
        assertThat(routees).extracting(ActorRef::path)
                .containsExactly("/user/workers/routee-0", "/user/workers/routee-1", "/user/workers/routee-2");
        routees.forEach(r -> assertThat(system.lookup(r.path())).contains(r));
    }

    @Test
    void managementMessagesAreNotRouted() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(2, hits::worker, RoutingStrategy.broadcast()),
                SpawnOptions.defaults());
        routees(router);
        router.tell(new Resize(2));
        routees(router);
        hits.expectNone(Duration.ofMillis(200));
    }

    @Test
    void growingSpawnsRouteesThatTakeTheirTurn() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(2, hits::worker, RoutingStrategy.roundRobin()),
                SpawnOptions.defaults());
        List<ActorRef> initial = routees(router);
        router.tell(new Resize(4));
        List<ActorRef> grown = routees(router);
        assertThat(grown).hasSize(4).startsWith(initial.toArray(ActorRef[]::new));
        for (int i = 0; i < 8; i++) {
            router.tell(i);
        }
        Map<ActorRef, List<Object>> got = hits.byRoutee(8);
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(grown);
        got.values().forEach(msgs -> assertThat(msgs).hasSize(2));
    }

    /** Blocks routee-1 on its first message until the gate opens, so messages queue up behind it. */
    private static final class Gated implements Actor {
        private final CountDownLatch gate;
        private final Actor recording;
        private boolean first = true;

        Gated(CountDownLatch gate, Actor recording) {
            this.gate = gate;
            this.recording = recording;
        }

        @Override
        public void receive(ReceiveContext ctx) throws Exception {
            if (ctx.message() != PostStart.INSTANCE && first && ctx.self().name().equals("routee-1")) {
                first = false;
                assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
            }
            recording.receive(ctx);
        }
    }

    @Test
    void shrinkingLetsRetiredRouteesFinishWhatIsQueuedThenStopsThemForGood() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ActorRef router = system.spawn("workers", Routers.pool(2, () -> new Gated(gate, hits.worker()),
                RoutingStrategy.roundRobin()), SpawnOptions.defaults());
        List<ActorRef> initial = routees(router);
        ActorRef kept = initial.get(0);
        ActorRef retired = initial.get(1);
        for (int i = 0; i < 6; i++) {
            router.tell(i); // 1, 3, 5 queue up at the blocked routee-1
        }
        router.tell(new Resize(1));
        assertThat(routees(router)).containsExactly(kept);
        for (int i = 6; i < 9; i++) {
            router.tell(i);
        }
        gate.countDown();

        Map<ActorRef, List<Object>> got = hits.byRoutee(9);
        assertThat(got.get(kept)).containsExactly(0, 2, 4, 6, 7, 8);
        assertThat(got.get(retired)).containsExactly(1, 3, 5);
        await().atMost(TIMEOUT).until(() -> system.lookup(retired.path()).isEmpty());
        assertThat(routees(router)).containsExactly(kept); // a retired routee's stop is not replaced
        assertThat(system.deadLetterCount()).isZero();
    }

    @Test
    void broadcastWrapperReachesEveryRouteeWhateverTheStrategy() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(3, hits::worker, RoutingStrategy.roundRobin()),
                SpawnOptions.defaults());
        List<ActorRef> routees = routees(router);
        Recorder probe = new Recorder(system, "probe");
        router.tell(new Broadcast("all"), probe.ref);
        List<Hits.Hit> got = hits.next(3);
        assertThat(got).extracting(Hits.Hit::routee).containsExactlyInAnyOrderElementsOf(routees);
        assertThat(got).extracting(Hits.Hit::message).containsOnly("all");
        assertThat(got).extracting(Hits.Hit::sender).containsOnly(probe.ref);
    }

    @Test
    void aBroadcastPoisonPillDrainsAndReplacesEveryRoutee() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(2, hits::worker, RoutingStrategy.roundRobin()),
                SpawnOptions.defaults());
        List<ActorRef> initial = routees(router);
        for (int i = 0; i < 4; i++) {
            router.tell(i);
        }
        router.tell(new Broadcast(io.goakt.actor.PoisonPill.INSTANCE));
        assertThat(hits.next(4)).extracting(Hits.Hit::message).containsExactlyInAnyOrder(0, 1, 2, 3);
        await().atMost(TIMEOUT).until(() -> routees(router).stream().noneMatch(initial::contains));
        assertThat(routees(router)).hasSize(2);
        assertThat(system.deadLetterCount()).isZero();
    }

    @Test
    void aPoisonPillToTheRouterStopsTheRouterAndItsRouteesInsteadOfBeingRouted() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(2, hits::worker, RoutingStrategy.broadcast()),
                SpawnOptions.defaults());
        List<ActorRef> routees = routees(router);
        // Routed, a broadcast PoisonPill would stop the routees, the pool would replace them and the router live on.
        router.tell(io.goakt.actor.PoisonPill.INSTANCE);
        await().atMost(Duration.ofSeconds(30)).until(() -> system.lookup("workers").isEmpty());
        routees.forEach(r -> assertThat(system.lookup(r.path())).isEmpty());
    }

    @Test
    void stoppingTheRouterStopsItsRoutees() throws Exception {
        ActorRef router = system.spawn("workers", Routers.pool(3, hits::worker, RoutingStrategy.random()),
                SpawnOptions.defaults());
        List<ActorRef> routees = routees(router);
        system.stop(router).toCompletableFuture().get(10, TimeUnit.SECONDS);
        routees.forEach(r -> assertThat(system.lookup(r.path())).isEmpty());
    }

    @Test
    void poolSettingsAreChecked() {
        RoutingStrategy rr = RoutingStrategy.roundRobin();
        assertThatThrownBy(() -> Routers.pool(0, hits::worker, rr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Resize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Routers.poolBuilder(2, hits::worker, rr)
                .routeeOptions(SpawnOptions.builder().restartPolicy(RestartPolicy.PERMANENT).build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERMANENT");
        assertThatThrownBy(() -> Routers.poolBuilder(2, hits::worker, rr)
                .routeeOptions(SpawnOptions.defaults())
                .routeeSupervisor(SupervisorStrategy.defaultStrategy()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both set");
        assertThatThrownBy(() -> Routers.poolBuilder(2, hits::worker, rr)
                .routeeOptions(SpawnOptions.defaults()).routeeOptions(SpawnOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
        assertThatThrownBy(() -> RoutingStrategy.scatterGatherFirstCompleted(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingStrategy.consistentHashing(m -> m, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
