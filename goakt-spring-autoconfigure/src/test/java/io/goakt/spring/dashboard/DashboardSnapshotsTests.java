package io.goakt.spring.dashboard;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.SpawnOptions;
import io.goakt.serialization.Serialization;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.router.Routers;
import io.goakt.router.RoutingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What one tick's snapshot holds: the tree with its counts, the cap, rates, failures, dead letters, search. */
class DashboardSnapshotsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ActorSystem system = ActorSystem.create("dashboard-test");
    private final DashboardEvents events = new DashboardEvents(system);
    private final DashboardSnapshots snapshots = new DashboardSnapshots(system, events, Optional::empty, false);

    @AfterEach
    void stop() {
        events.close();
        system.shutdown();
    }

    private JsonNode tick() {
        return JSON.readTree(snapshots.tick());
    }

    private static JsonNode node(JsonNode snapshot, String path) {
        for (JsonNode n : snapshot.get("nodes")) {
            if (n.get("p").asString().equals(path)) {
                return n;
            }
        }
        return null;
    }

    private void spawnTree(String name, int children) {
        ActorRef parent = system.spawnFromFunction(name, ctx -> {
            if (ctx.message() instanceof PostStart) {
                for (int i = 0; i < children; i++) {
                    ctx.spawnChild("c" + i, () -> c -> { }, SpawnOptions.defaults());
                }
            }
        });
        await().until(() -> system.inspect(parent.path()).map(i -> i.children().size()).orElse(0) == children);
    }

    @Test
    void eachNodeCarriesItsChildrenAndItsWholeSubtree() {
        spawnTree("parent", 3);
        JsonNode snapshot = tick();
        assertThat(snapshot.get("actors").asInt()).isEqualTo(4);
        assertThat(snapshot.get("truncated").asBoolean()).isFalse();
        JsonNode parent = node(snapshot, "/user/parent");
        assertThat(parent.get("c").asInt()).isEqualTo(3);
        assertThat(parent.get("d").asInt()).isEqualTo(3);
        assertThat(parent.get("s").asString()).isEqualTo("RUNNING");
        assertThat(node(snapshot, "/user/parent/c2").get("d").asInt()).isZero();
    }

    @Test
    void aTreeLargerThanTheCapListsTheTopLevelsFirstWithCountsAndSearchFindsTheRest() {
        spawnTree("big", DashboardSnapshots.MAX_NODES + 50);
        system.spawnFromFunction("small", ctx -> { });
        await().until(() -> system.actorCount() == DashboardSnapshots.MAX_NODES + 52);
        JsonNode snapshot = tick();
        assertThat(snapshot.get("truncated").asBoolean()).isTrue();
        assertThat(snapshot.get("nodes").size()).isEqualTo(DashboardSnapshots.MAX_NODES);
        assertThat(snapshot.get("actors").asInt()).isEqualTo(DashboardSnapshots.MAX_NODES + 52);
        // both top-level actors are listed, and the parent's counts say what is missing
        assertThat(node(snapshot, "/user/small")).isNotNull();
        JsonNode big = node(snapshot, "/user/big");
        assertThat(big.get("c").asInt()).isEqualTo(DashboardSnapshots.MAX_NODES + 50);
        List<String> listed = new ArrayList<>();
        snapshot.get("nodes").forEach(n -> listed.add(n.get("p").asString()));
        assertThat(listed).allSatisfy(p -> assertThat(p.equals("/user/big") || p.equals("/user/small")
                || listed.contains(DashboardSnapshots.parentOf(p))).isTrue());

        String missing = system.inspect("big").orElseThrow().children().stream()
                .filter(p -> !listed.contains(p)).findFirst().orElseThrow();
        JsonNode found = JSON.readTree(snapshots.search(DashboardSnapshots.nameOf(missing)));
        List<String> matches = new ArrayList<>();
        found.get("nodes").forEach(n -> matches.add(n.get("p").asString()));
        assertThat(matches).contains(missing);
    }

    @Test
    void aFailedActorShowsItsRestartsAndLastFailureWithTheMessageType() {
        ActorRef flaky = system.spawnFromFunction("flaky", ctx -> {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("told to fail");
            }
        });
        flaky.tell("boom", null);
        await().until(() -> system.inspect("flaky").map(i -> i.restartCount()).orElse(0) == 1);
        JsonNode n = node(tick(), "/user/flaky");
        assertThat(n.get("x").asInt()).isEqualTo(1);
        assertThat(n.get("f").get("exception").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(n.get("f").get("detail").asString()).isEqualTo("told to fail");
        assertThat(n.get("f").get("messageType").asString()).isEqualTo(String.class.getName());
    }

    @Test
    void messagesPerSecondComeFromTheProcessedCountersBetweenTicks() {
        ActorRef counter = system.spawnFromFunction("counter", ctx -> { });
        assertThat(node(tick(), "/user/counter").get("r").asDouble()).isZero();
        for (int i = 0; i < 100; i++) {
            counter.tell(i, null);
        }
        await().until(() -> system.inspect("counter").map(i -> i.processedCount()).orElse(0L) == 100);
        assertThat(node(tick(), "/user/counter").get("r").asDouble()).isPositive();
    }

    @Test
    void ratesFollowEachActorWhenSpawnsAndStopsMoveItInTheWalk() {
        List<ActorRef> quiet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            quiet.add(system.spawnFromFunction("quiet-" + i, ctx -> { }));
        }
        ActorRef busy = system.spawnFromFunction("busy", ctx -> { });
        for (int i = 0; i < 50; i++) {
            quiet.get(i % 20).tell(i, null); // every quiet actor processes before the first tick, none after
        }
        await().until(() -> system.actors().stream().mapToLong(i -> i.processedCount()).sum() == 50);
        tick();
        // the walk's positions shift: some actors stop, others start, while only busy processes
        for (int i = 0; i < 5; i++) {
            system.stop(quiet.get(i)).toCompletableFuture().join();
            system.spawnFromFunction("fresh-" + i, ctx -> { });
        }
        for (int i = 0; i < 100; i++) {
            busy.tell(i, null);
        }
        await().until(() -> system.inspect("busy").map(i -> i.processedCount()).orElse(0L) == 100);
        JsonNode snapshot = tick();
        assertThat(node(snapshot, "/user/busy").get("r").asDouble()).isPositive();
        snapshot.get("nodes").forEach(n -> {
            if (!n.get("p").asString().equals("/user/busy")) {
                assertThat(n.get("r").asDouble()).as(n.get("p").asString()).isZero();
            }
        });
        JsonNode found = JSON.readTree(snapshots.search("BUSY"));
        assertThat(found.get("nodes").get(0).get("r").asDouble()).isPositive();
    }

    @Test
    void deadLettersAndLifecycleEventsAreTailed() {
        ActorRef gone = system.spawnFromFunction("gone", ctx -> { });
        system.stop(gone).toCompletableFuture().join();
        gone.tell("late", null);
        await().until(() -> system.deadLetterCount() >= 1);
        JsonNode snapshot = tick();
        assertThat(snapshot.get("deadLetters").get("latest").get(0).get("reason").asString())
                .isEqualTo("ACTOR_STOPPED");
        List<String> events = new ArrayList<>();
        snapshot.get("events").forEach(e -> events.add(e.get("type").asString() + " " + e.get("path").asString()));
        assertThat(events).contains("started /user/gone", "stopped /user/gone");
        assertThat(node(snapshot, "/user/gone")).isNull();
    }

    @Test
    void theEventTailAndTheFailuresAreBounded() {
        ActorRef some = system.spawnFromFunction("some", ctx -> { });
        for (int i = 0; i < DashboardEvents.TAIL + 20; i++) {
            events.lifecycle(new io.goakt.eventstream.ActorStarted(some));
        }
        assertThat(events.tail()).hasSize(DashboardEvents.TAIL);
        for (int i = 0; i < DashboardEvents.MAX_FAILURES + 20; i++) {
            ActorRef ref = system.spawnFromFunction("f" + i, ctx -> { });
            events.lifecycle(new io.goakt.eventstream.ActorFailed(ref, new IllegalStateException(), null));
        }
        assertThat(events.failures()).hasSize(DashboardEvents.MAX_FAILURES).doesNotContainKey("/user/f0")
                .containsKey("/user/f" + (DashboardEvents.MAX_FAILURES + 19));
    }

    @Test
    void aRouterIsMarkedAsOneWithItsRouteeCountAndItsRouteesAreNot() {
        system.spawn("pool", Routers.pool(3, () -> ctx -> { }, RoutingStrategy.roundRobin()), SpawnOptions.defaults());
        await().until(() -> system.inspect("pool").map(i -> i.children().size()).orElse(0) == 3);
        // the first tick asks the router; its answer shows on a later tick
        await().until(() -> node(tick(), "/user/pool").has("rn"));
        JsonNode snapshot = tick();
        JsonNode pool = node(snapshot, "/user/pool");
        assertThat(pool.get("rt").asBoolean()).isTrue();
        assertThat(pool.get("rn").asInt()).isEqualTo(3);
        assertThat(node(snapshot, "/user/pool/routee-0").has("rt")).isFalse();
        system.spawnFromFunction("plain", ctx -> { });
        assertThat(node(tick(), "/user/plain").has("rt")).isFalse();
    }

    record Note(String text) {
    }

    @Test
    void theRemotingPanelListsEachPeerWithItsTraffic() {
        Serialization serialization = Serialization.builder().register("test.Note", Note.class).build();
        ActorSystem other = ActorSystem.create("dashboard-peer");
        try {
            Remoting here = Remoting.start(system, RemotingConfig.builder().serialization(serialization).build());
            Remoting there = Remoting.start(other, RemotingConfig.builder().serialization(serialization).build());
            other.spawnFromFunction("sink", ctx -> { });
            ActorRef sink = here.actorRef(there.endpoint(), "dashboard-peer", "sink");
            assertThat(tick().get("remoting").get("peers").size()).isZero();
            for (int i = 0; i < 3; i++) {
                sink.tell(new Note("n" + i), null);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> there.stats().messagesReceived() >= 3);
            JsonNode remoting = tick().get("remoting");
            assertThat(remoting.get("peerCount").asInt()).isEqualTo(1);
            JsonNode peer = remoting.get("peers").get(0);
            assertThat(peer.get("peer").asString()).isEqualTo(there.endpoint().toString());
            assertThat(peer.get("messagesSent").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(peer.get("bytesSent").asLong()).isPositive();
            assertThat(peer.get("sentPerSecond").asDouble()).isPositive();
        } finally {
            other.shutdown();
        }
    }
}
