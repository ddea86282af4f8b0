package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.pubsub.ClusterTopicRegistry;
import io.goakt.pubsub.PubSub;
import io.goakt.pubsub.TopicRegistry;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Topics across in-JVM members on 127.0.0.1: every subscriber on every member gets each publish once and in each
 * publisher's order, subscriptions follow members that join, leave or crash, and subscribers that stop.
 */
class ClusterTopicsTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    /** A published message: who published it and its number in that publisher's sequence. */
    record Seq(String publisher, int n) {
    }

    /** A message whose type is not registered for remoting. */
    record Unregistered(int n) {
    }

    private final ClusterFixture fixture = new ClusterFixture();
    /** What each subscriber received, by subscriber key ({@code <system>/<name>}), in arrival order. */
    private final Map<String, List<Seq>> received = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static RemotingConfig remoting() {
        return RemotingConfig.builder().serialization(Serialization.builder().register("topics.Seq", Seq.class)
                .build()).build();
    }

    private List<ClusterFixture.Node> cluster(String name, int n) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(start(name, ports.get(i), ports));
        }
        ClusterFixture.awaitSameView(nodes, n);
        return nodes;
    }

    private ClusterFixture.Node start(String name, int port, List<Integer> seeds) {
        return fixture.start(ClusterFixture.config(name, port, StaticDiscovery.of(ClusterFixture.hostPorts(seeds)))
                .remoting(remoting()).build());
    }

    private static TopicRegistry topics(ClusterFixture.Node node) {
        return PubSub.topics(node.system);
    }

    /** Spawns a subscriber of {@code topic} on {@code node} that records every {@link Seq} it gets. */
    private ActorRef subscriber(ClusterFixture.Node node, String name, String topic) {
        String key = node.system.name() + "/" + name;
        received.put(key, new CopyOnWriteArrayList<>());
        ActorRef ref = node.system.spawnFromFunction(name, ctx -> {
            if (ctx.message() instanceof Seq s) {
                received.get(key).add(s);
            }
        });
        topics(node).subscribe(topic, ref);
        return ref;
    }

    private static void awaitSubscribers(List<ClusterFixture.Node> nodes, String topic, int count) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(topics(n).subscribers(topic)).as("subscribers of %s seen by %s", topic, n.id())
                        .hasSize(count);
            }
        });
    }

    private void awaitReceived(int perSubscriber) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (Map.Entry<String, List<Seq>> e : received.entrySet()) {
                assertThat(e.getValue()).as("received by %s", e.getKey()).hasSizeGreaterThanOrEqualTo(perSubscriber);
            }
        });
    }

    @Test
    void clusterStartInstallsTheClusteredRegistry() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-install", 1);

        assertThat(topics(nodes.get(0))).isInstanceOf(ClusterTopicRegistry.class);
    }

    @Test
    void clusterStartRefusesASystemWhoseTopicsWereCreatedLocal() throws Exception {
        int port = ClusterFixture.freePorts(1).get(0);
        ActorSystem system = ActorSystem.create("local-first");
        try {
            PubSub.topics(system);
            ClusterConfig config = ClusterFixture.config("t-refuse", port, StaticDiscovery.of(
                    ClusterFixture.hostPorts(List.of(port)))).remoting(remoting()).build();

            assertThatThrownBy(() -> Cluster.start(system, config)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("before Cluster.start");
            assertThat(Cluster.of(system)).isEmpty();
        } finally {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPublishOnEveryMemberReachesEverySubscriberOnEveryMemberExactlyOnce() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-once", 5);
        for (int i = 0; i < nodes.size(); i++) {
            subscriber(nodes.get(i), "a", "news");
            subscriber(nodes.get(i), "b", "news");
        }
        awaitSubscribers(nodes, "news", 10);
        int perPublisher = 50;

        for (ClusterFixture.Node n : nodes) {
            for (int k = 0; k < perPublisher; k++) {
                assertThat(topics(n).publish("news", new Seq(n.id(), k))).isEqualTo(10);
            }
        }

        awaitReceived(nodes.size() * perPublisher);
        for (Map.Entry<String, List<Seq>> e : received.entrySet()) {
            Map<Seq, Integer> counts = new ConcurrentHashMap<>();
            e.getValue().forEach(s -> counts.merge(s, 1, Integer::sum));
            assertThat(counts).as("copies per message at %s", e.getKey()).hasSize(nodes.size() * perPublisher);
            assertThat(counts.values()).as("copies per message at %s", e.getKey()).containsOnly(1);
        }
    }

    @Test
    void concurrentPublishersOnEveryMemberKeepTheirOrderAtEverySubscriber() throws Exception {
        long seed = System.nanoTime();
        List<ClusterFixture.Node> nodes = cluster("t-order", 3);
        for (ClusterFixture.Node n : nodes) {
            subscriber(n, "s", "ticks");
        }
        awaitSubscribers(nodes, "ticks", 3);
        int publishersPerMember = 3;
        int perPublisher = 300;

        publishConcurrently(nodes, "ticks", publishersPerMember, perPublisher, seed);

        awaitReceived(nodes.size() * publishersPerMember * perPublisher);
        assertPublisherOrder(perPublisher, seed);
    }

    /**
     * Publishes {@code perPublisher} numbered messages from {@code publishersPerMember} threads per member, all
     * started together; each thread publishes in bursts of seeded random length, yielding between bursts, so that
     * the interleaving differs from seed to seed.
     */
    private static void publishConcurrently(List<ClusterFixture.Node> nodes, String topic, int publishersPerMember,
                                            int perPublisher, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * publishersPerMember);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            SplittableRandom seeds = new SplittableRandom(seed);
            for (ClusterFixture.Node n : nodes) {
                for (int p = 0; p < publishersPerMember; p++) {
                    String publisher = n.id() + "/p" + p;
                    SplittableRandom random = seeds.split();
                    done.add(pool.submit(() -> {
                        start.await();
                        int k = 0;
                        while (k < perPublisher) {
                            int burst = 1 + random.nextInt(20);
                            for (int b = 0; b < burst && k < perPublisher; b++, k++) {
                                topics(n).publish(topic, new Seq(publisher, k));
                            }
                            Thread.yield();
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every subscriber got every publisher's messages once each, in the publisher's order. */
    private void assertPublisherOrder(int perPublisher, long seed) {
        for (Map.Entry<String, List<Seq>> e : received.entrySet()) {
            Map<String, Integer> next = new ConcurrentHashMap<>();
            for (Seq s : e.getValue()) {
                int expected = next.getOrDefault(s.publisher(), 0);
                assertThat(s.n()).as("seed %d: message of %s at %s", seed, s.publisher(), e.getKey())
                        .isEqualTo(expected);
                next.put(s.publisher(), expected + 1);
            }
            assertThat(next.values()).as("seed %d: messages per publisher at %s", seed, e.getKey())
                    .containsOnly(perPublisher);
        }
    }

    /** Tells a publisher actor to publish its messages numbered {@code from} up to {@code total}. */
    record Publish(int from, int total) {
    }

    @Test
    void actorPublishersKeepTheirOrderWhilePublishingAcrossManyMessages() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<ClusterFixture.Node> nodes = cluster("t-actor-order", 3);
        for (ClusterFixture.Node n : nodes) {
            subscriber(n, "s", "ticks");
        }
        awaitSubscribers(nodes, "ticks", 3);
        int perPublisher = 400;

        // Each publisher publishes a seeded random burst per message it handles, then tells itself to go on, so its
        // publishes are spread over many messages and so over the dispatcher's threads.
        for (ClusterFixture.Node n : nodes) {
            for (int p = 0; p < 2; p++) {
                String publisher = n.id() + "/actor" + p;
                long burstSeed = random.nextLong();
                ActorRef ref = n.system.spawn("publisher-" + p, () -> new io.goakt.actor.Actor() {
                    private final SplittableRandom bursts = new SplittableRandom(burstSeed);

                    @Override
                    public void receive(io.goakt.actor.ReceiveContext ctx) {
                        if (ctx.message() instanceof Publish go) {
                            int end = Math.min(go.total(), go.from() + 1 + bursts.nextInt(25));
                            for (int k = go.from(); k < end; k++) {
                                topics(n).publish("ticks", new Seq(publisher, k), ctx.self());
                            }
                            if (end < go.total()) {
                                ctx.self().tell(new Publish(end, go.total()));
                            }
                        }
                    }
                });
                ref.tell(new Publish(0, perPublisher));
            }
        }

        awaitReceived(nodes.size() * 2 * perPublisher);
        assertPublisherOrder(perPublisher, seed);
    }

    @Test
    void manyPublishersAndSubscribersUnderLoadLoseNothingAndKeepOrder() throws Exception {
        long seed = System.nanoTime();
        List<ClusterFixture.Node> nodes = cluster("t-stress", 3);
        for (ClusterFixture.Node n : nodes) {
            for (int s = 0; s < 3; s++) {
                subscriber(n, "s" + s, "load");
            }
        }
        awaitSubscribers(nodes, "load", 9);
        int publishersPerMember = 4;
        int perPublisher = 1_000;

        publishConcurrently(nodes, "load", publishersPerMember, perPublisher, seed);

        awaitReceived(nodes.size() * publishersPerMember * perPublisher);
        assertPublisherOrder(perPublisher, seed);
        int total = received.values().stream().mapToInt(List::size).sum();
        assertThat(total).as("seed %d: deliveries", seed)
                .isEqualTo(9 * nodes.size() * publishersPerMember * perPublisher);
    }

    @Test
    void theSubscribersOfAMemberThatLeavesVanishFromTheOthers() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-leave", 3);
        for (ClusterFixture.Node n : nodes) {
            subscriber(n, "s", "events");
        }
        awaitSubscribers(nodes, "events", 3);

        nodes.get(2).cluster.leave().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        List<ClusterFixture.Node> rest = nodes.subList(0, 2);
        awaitSubscribers(rest, "events", 2);
        assertThat(topics(nodes.get(0)).publish("events", new Seq("after", 0))).isEqualTo(2);
    }

    @Test
    void theSubscribersOfAMemberThatCrashesVanishFromTheOthers() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-crash", 3);
        for (ClusterFixture.Node n : nodes) {
            subscriber(n, "s", "events");
        }
        awaitSubscribers(nodes, "events", 3);

        nodes.get(1).crash();

        List<ClusterFixture.Node> rest = List.of(nodes.get(0), nodes.get(2));
        awaitSubscribers(rest, "events", 2);
        assertThat(topics(nodes.get(2)).topics()).containsExactly("events");
        assertThat(topics(nodes.get(2)).subscribers("events"))
                .noneMatch(r -> r.address().port() == nodes.get(1).cluster.self().remoting().port());
    }

    @Test
    void aSubscriberThatStopsVanishesEverywhere() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-stop", 3);
        ActorRef doomed = subscriber(nodes.get(0), "doomed", "events");
        subscriber(nodes.get(1), "kept", "events");
        awaitSubscribers(nodes, "events", 2);

        nodes.get(0).system.stop(doomed).toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        awaitSubscribers(nodes, "events", 1);
        assertThat(topics(nodes.get(2)).publish("events", new Seq("after", 0))).isEqualTo(1);
    }

    @Test
    void anUnsubscribedSubscriberGetsNothingMoreAndItsTopicGoesWithTheLastOne() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-unsub", 2);
        ActorRef s = subscriber(nodes.get(0), "s", "events");
        awaitSubscribers(nodes, "events", 1);

        topics(nodes.get(0)).unsubscribe("events", s);

        awaitSubscribers(nodes, "events", 0);
        assertThat(topics(nodes.get(1)).topics()).doesNotContain("events");
        assertThat(topics(nodes.get(1)).publish("events", new Seq("after", 0))).isZero();
    }

    @Test
    void aSubscriberThatComesBackAfterItsTopicEmptiedIsReachedThroughANewRelay() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-again", 2);
        ActorRef s = subscriber(nodes.get(0), "s", "events");
        awaitSubscribers(nodes, "events", 1);
        topics(nodes.get(0)).unsubscribe("events", s);
        awaitSubscribers(nodes, "events", 0);

        topics(nodes.get(0)).subscribe("events", s);
        awaitSubscribers(nodes, "events", 1);
        topics(nodes.get(1)).publish("events", new Seq("again", 0));

        awaitReceived(1);
        assertThat(received.get(nodes.get(0).system.name() + "/s")).containsExactly(new Seq("again", 0));
    }

    @Test
    void afterAPartitionHealsEachSideLearnsWhatTheOtherSubscribedMeanwhile() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-heal", 3);
        ClusterFixture.Node cut = nodes.get(2);
        subscriber(nodes.get(0), "before", "events");
        subscriber(cut, "before", "events");
        awaitSubscribers(nodes, "events", 2);

        cut.cutOff();
        ClusterFixture.awaitSameView(nodes.subList(0, 2), 2);
        await().atMost(BOUND).until(() -> cut.cluster.view().size() == 1);
        awaitSubscribers(nodes.subList(0, 2), "events", 1);
        awaitSubscribers(List.of(cut), "events", 1);
        subscriber(nodes.get(1), "during", "events");
        subscriber(cut, "during", "events");
        cut.reconnect();

        ClusterFixture.awaitSameView(nodes, 3);
        awaitSubscribers(nodes, "events", 4);
        assertThat(topics(cut).publish("events", new Seq("healed", 0))).isEqualTo(4);
        awaitReceived(1);
        assertThat(received.values()).allSatisfy(got -> assertThat(got).containsExactly(new Seq("healed", 0)));
    }

    @Test
    void aJoiningMemberLearnsTheSubscriptionsThatExist() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        nodes.add(start("t-join", ports.get(0), ports));
        nodes.add(start("t-join", ports.get(1), ports));
        ClusterFixture.awaitSameView(nodes, 2);
        subscriber(nodes.get(0), "s", "events");
        subscriber(nodes.get(1), "s", "events");
        awaitSubscribers(nodes, "events", 2);

        ClusterFixture.Node joiner = start("t-join", ports.get(2), ports);
        nodes.add(joiner);
        ClusterFixture.awaitSameView(nodes, 3);

        awaitSubscribers(List.of(joiner), "events", 2);
        assertThat(topics(joiner).publish("events", new Seq("joiner", 0))).isEqualTo(2);
        awaitReceived(1);
    }

    @Test
    void aTypeThatCannotCrossTheNetworkFailsThePublishBeforeAnySubscriberGetsIt() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("t-unregistered", 2);
        List<Object> local = new CopyOnWriteArrayList<>();
        topics(nodes.get(0)).subscribe("events", nodes.get(0).system.spawnFromFunction("local",
                ctx -> local.add(ctx.message())));
        subscriber(nodes.get(1), "remote", "events");
        awaitSubscribers(nodes, "events", 2);

        assertThatThrownBy(() -> topics(nodes.get(0)).publish("events", new Unregistered(1)))
                .isInstanceOf(SerializationException.class);
        topics(nodes.get(0)).publish("events", new Seq("marker", 0));

        await().atMost(BOUND).until(() -> local.contains(new Seq("marker", 0)));
        assertThat(local).noneMatch(Unregistered.class::isInstance);
    }
}
