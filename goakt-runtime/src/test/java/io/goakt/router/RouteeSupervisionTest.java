package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouteeSupervisionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ActorSystem system;
    private final Hits hits = new Hits();

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("routee-supervision");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(TIMEOUT);
    }

    private static List<ActorRef> routees(ActorRef router) throws Exception {
        return RoutingStrategiesTest.routees(router);
    }

    private static Object ask(ActorRef ref, Object message) throws Exception {
        return ref.ask(message, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ActorRef spawn(Pool pool) {
        return system.spawn("workers", pool, SpawnOptions.defaults());
    }

    @Test
    void aFailingRouteeIsRestartedInPlaceByDefault() throws Exception {
        BlockingQueue<ActorRestarted> restarts = new LinkedBlockingQueue<>();
        system.eventStream().subscribe(ActorRestarted.class, restarts::add);
        ActorRef router = spawn(Routers.pool(2, hits::worker, RoutingStrategy.roundRobin()));
        List<ActorRef> initial = routees(router);
        ActorRef r0 = initial.get(0);

        r0.tell("work");
        r0.tell("boom");
        ActorRestarted restarted = restarts.poll(10, TimeUnit.SECONDS);
        assertThat(restarted).isNotNull();
        assertThat(restarted.actor()).isEqualTo(r0);
        assertThat(ask(r0, "count")).as("a fresh instance counts from zero").isEqualTo(1);
        assertThat(routees(router)).isEqualTo(initial);
        assertThat(ask(router, new Hits.Echo("still routed"))).isEqualTo("still routed from routee-0");
    }

    @Test
    void theRouteesSupervisorStrategyDecidesResumeKeepsState() throws Exception {
        ActorRef router = spawn(Routers.poolBuilder(2, hits::worker, RoutingStrategy.roundRobin())
                .routeeSupervisor(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()).build());
        List<ActorRef> initial = routees(router);
        ActorRef r0 = initial.get(0);
        r0.tell("work");
        r0.tell("boom");
        assertThat(ask(r0, "count")).as("the same instance kept its count").isEqualTo(2);
        assertThat(routees(router)).isEqualTo(initial);
    }

    @Test
    void aRouteeStoppedByItsSupervisorIsReplacedAndThePoolKeepsItsSize() throws Exception {
        ActorRef router = spawn(Routers.poolBuilder(2, hits::worker, RoutingStrategy.roundRobin())
                .routeeSupervisor(SupervisorStrategy.oneForOne().otherwise(Directive.STOP).build()).build());
        List<ActorRef> initial = routees(router);
        initial.get(0).tell("boom");
        assertReplaced(router, initial, 0);
    }

    @Test
    void aRouteeThatStopsItselfIsReplaced() throws Exception {
        ActorRef router = spawn(Routers.pool(3, hits::worker, RoutingStrategy.roundRobin()));
        List<ActorRef> initial = routees(router);
        initial.get(1).tell("quit");
        assertReplaced(router, initial, 1);
    }

    @Test
    void aRouteeStoppedFromOutsideIsReplaced() throws Exception {
        ActorRef router = spawn(Routers.pool(2, hits::worker, RoutingStrategy.roundRobin()));
        List<ActorRef> initial = routees(router);
        system.stop(initial.get(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertReplaced(router, initial, 1);
    }

    @Test
    void aFailureOfTheRouterItselfRestartsItWithAFreshPool() throws Exception {
        BlockingQueue<ActorRestarted> restarts = new LinkedBlockingQueue<>();
        system.eventStream().subscribe(ActorRestarted.class, restarts::add);
        ActorRef router = spawn(Routers.pool(3, hits::worker, RoutingStrategy.consistentHashing(m -> {
            if ("bad key".equals(m)) {
                throw new IllegalArgumentException("no key for " + m);
            }
            return m;
        })));
        List<ActorRef> initial = routees(router);
        router.tell("bad key");
        ActorRestarted restarted = restarts.poll(10, TimeUnit.SECONDS);
        assertThat(restarted).isNotNull();
        assertThat(restarted.actor()).isEqualTo(router);
        List<ActorRef> fresh = routees(router);
        assertThat(fresh).hasSize(3).doesNotContainAnyElementsOf(initial);
        initial.forEach(r -> assertThat(system.lookup(r.path()).filter(r::equals)).isEmpty());
        router.tell("good key");
        assertThat(hits.next().message()).isEqualTo("good key");
    }

    /** The routee at {@code index} is gone, a new one holds its place, the others are untouched, and it works. */
    private void assertReplaced(ActorRef router, List<ActorRef> initial, int index) throws Exception {
        ActorRef dead = initial.get(index);
        await().atMost(TIMEOUT).until(() -> !routees(router).contains(dead));
        List<ActorRef> now = routees(router);
        assertThat(now).hasSize(initial.size());
        for (int i = 0; i < initial.size(); i++) {
            if (i != index) {
                assertThat(now.get(i)).isEqualTo(initial.get(i));
            }
        }
        ActorRef replacement = now.get(index);
        assertThat(replacement.name()).isEqualTo("routee-" + initial.size()); // a fresh name, never reused
        assertThat(system.lookup(dead.path())).isEmpty();
        assertThat(ask(replacement, new Hits.Echo("hi"))).isEqualTo("hi from " + replacement.name());
    }
}
