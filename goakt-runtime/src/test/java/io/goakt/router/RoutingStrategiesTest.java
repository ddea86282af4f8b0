package io.goakt.router;

import io.goakt.testsupport.Recorder;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingStrategiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ActorSystem system;
    private final Hits hits = new Hits();

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("routing");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(TIMEOUT);
    }

    private ActorRef spawnPool(String name, int size, RoutingStrategy strategy) {
        return system.spawn(name, Routers.pool(size, hits::worker, strategy), SpawnOptions.defaults());
    }

    static List<ActorRef> routees(ActorRef router) throws Exception {
        return router.ask(GetRoutees.INSTANCE, Routees.class, TIMEOUT).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).routees();
    }

    @Test
    void roundRobinVisitsEveryRouteeInTurnInListOrder() throws Exception {
        ActorRef router = spawnPool("rr", 3, RoutingStrategy.roundRobin());
        List<ActorRef> routees = routees(router);
        assertThat(routees).hasSize(3).doesNotHaveDuplicates();
        for (int i = 0; i < 9; i++) {
            router.tell(i);
        }
        Map<ActorRef, List<Object>> got = hits.byRoutee(9);
        assertThat(got.get(routees.get(0))).containsExactly(0, 3, 6);
        assertThat(got.get(routees.get(1))).containsExactly(1, 4, 7);
        assertThat(got.get(routees.get(2))).containsExactly(2, 5, 8);
    }

    @Test
    void repliesGoStraightFromTheRouteeToTheOriginalSender() throws Exception {
        ActorRef router = spawnPool("replies", 2, RoutingStrategy.roundRobin());
        List<ActorRef> routees = routees(router);
        Recorder probe = new Recorder(system, "probe");

        router.tell(new Hits.Echo("a"), probe.ref);
        router.tell(new Hits.Echo("b"), probe.ref);
        Recorder.Received first = probe.nextReceived();
        Recorder.Received second = probe.nextReceived();
        // Replies race between the two routees; each must come from a routee, never the router.
        Map<Object, ActorRef> senderByReply = Map.of(first.message(), first.sender(), second.message(), second.sender());
        assertThat(senderByReply).containsOnlyKeys("a from " + routees.get(0).name(), "b from " + routees.get(1).name());
        assertThat(senderByReply.get("a from " + routees.get(0).name())).isEqualTo(routees.get(0));
        assertThat(senderByReply.get("b from " + routees.get(1).name())).isEqualTo(routees.get(1));
        // The routees saw the probe as the sender: the router forwarded.
        assertThat(hits.next(2)).extracting(Hits.Hit::sender).containsOnly(probe.ref);

        Object reply = router.ask(new Hits.Echo("c"), TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo("c from " + routees.get(0).name());
    }

    @Test
    void randomReachesEveryRouteeOverManyMessages() throws Exception {
        ActorRef router = spawnPool("random", 4, RoutingStrategy.random());
        List<ActorRef> routees = routees(router);
        for (int i = 0; i < 400; i++) {
            router.tell(i);
        }
        Map<ActorRef, List<Object>> got = hits.byRoutee(400);
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(routees);
        assertThat(got.values().stream().mapToInt(List::size).sum()).isEqualTo(400);
        hits.expectNone(Duration.ofMillis(100));
    }

    @Test
    void broadcastDeliversEachMessageToEveryRouteeOnce() throws Exception {
        ActorRef router = spawnPool("broadcast", 3, RoutingStrategy.broadcast());
        List<ActorRef> routees = routees(router);
        Recorder probe = new Recorder(system, "probe");
        for (int i = 0; i < 5; i++) {
            router.tell(i, probe.ref);
        }
        List<Hits.Hit> all = hits.next(15);
        assertThat(all).extracting(Hits.Hit::sender).containsOnly(probe.ref);
        Map<ActorRef, List<Object>> got = new HashMap<>();
        all.forEach(h -> got.computeIfAbsent(h.routee(), k -> new java.util.ArrayList<>()).add(h.message()));
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(routees);
        got.values().forEach(msgs -> assertThat(msgs).containsExactly(0, 1, 2, 3, 4));
        hits.expectNone(Duration.ofMillis(100));
    }

    record Keyed(String key, int round) {
    }

    private Map<String, ActorRef> sendKeys(ActorRef router, int keys, int round) {
        for (int k = 0; k < keys; k++) {
            router.tell(new Keyed("key-" + k, round));
        }
        Map<String, ActorRef> owner = new HashMap<>();
        for (Hits.Hit h : hits.next(keys)) {
            Keyed m = (Keyed) h.message();
            assertThat(m.round()).isEqualTo(round);
            ActorRef previous = owner.put(m.key(), h.routee());
            assertThat(previous).as("key %s delivered twice", m.key()).isNull();
        }
        return owner;
    }

    @Test
    void consistentHashingKeepsKeysOnTheirRouteeAndMovesFewOnResize() throws Exception {
        ActorRef router = spawnPool("hash", 5, RoutingStrategy.consistentHashing(
                m -> m instanceof Keyed k ? k.key() : null));
        int keys = 300;
        Map<String, ActorRef> before = sendKeys(router, keys, 1);
        assertThat(sendKeys(router, keys, 2)).isEqualTo(before);
        assertThat(before.values()).as("keys spread over every routee").containsAll(routees(router));

        List<ActorRef> initial = routees(router);
        router.tell(new Resize(6));
        List<ActorRef> grown = routees(router);
        assertThat(grown).hasSize(6).startsWith(initial.toArray(ActorRef[]::new));
        ActorRef added = grown.get(5);
        Map<String, ActorRef> after = sendKeys(router, keys, 3);

        int moved = 0;
        for (String key : before.keySet()) {
            if (!before.get(key).equals(after.get(key))) {
                moved++;
                assertThat(after.get(key)).as("a moved key goes to the new routee only").isEqualTo(added);
            }
        }
        // About 1/6 of the keys should move; a modulo hash would move about 5/6.
        assertThat(moved).isPositive().isLessThan(keys * 35 / 100);
    }

    @Test
    void consistentHashingDeadLettersMessagesWithoutKey() throws Exception {
        ActorRef router = spawnPool("hash-nokey", 2, RoutingStrategy.consistentHashing(
                m -> m instanceof Keyed k ? k.key() : null));
        BlockingQueue<DeadLetter> dead = new LinkedBlockingQueue<>();
        system.eventStream().subscribe(DeadLetter.class, dead::add);
        router.tell("no key here");
        DeadLetter d = dead.poll(10, TimeUnit.SECONDS);
        assertThat(d).isNotNull();
        assertThat(d.message()).isEqualTo("no key here");
        assertThat(d.reason()).isEqualTo(DeadLetter.Reason.UNHANDLED);
        assertThat(d.receiver()).isEqualTo(router);
        router.tell(new Keyed("k", 1));
        assertThat(hits.next().message()).isEqualTo(new Keyed("k", 1));
    }
}
