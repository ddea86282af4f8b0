package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Actors;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.registry.NamedActorService;
import io.goakt.internal.cluster.registry.RegistryEntry;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Cluster-unique names across in-JVM members on 127.0.0.1: registration, reach by name, uniqueness, leaving. */
class ClusterActorsTest {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final Duration ASK = Duration.ofSeconds(10);

    record Hello(String text) {
    }

    record Reply(String system, String name) {
    }

    final ClusterFixture fixture = new ClusterFixture();
    /** What each actor received, by {@code <system>/<name>}. */
    final Map<String, List<String>> received = new ConcurrentHashMap<>();
    /** Messages that passed the interceptor of the kind's spawn options. */
    final AtomicInteger intercepted = new AtomicInteger();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Records every {@link Hello} and answers an ask with where it runs. */
    Actor greeter() {
        return Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof Hello h) {
                ActorRef self = ctx.self();
                received.computeIfAbsent(self.address().system() + "/" + self.name(),
                        k -> new CopyOnWriteArrayList<>()).add(h.text());
                if (ctx.sender() != null) {
                    ctx.respond(new Reply(self.address().system(), self.name()));
                }
            }
        });
    }

    List<String> receivedBy(ClusterFixture.Node node, String name) {
        return received.getOrDefault(node.system.name() + "/" + name, List.of());
    }

    RemotingConfig remoting() {
        return RemotingConfig.builder()
                .serialization(Serialization.builder().register("reg.Hello", Hello.class)
                        .register("reg.Reply", Reply.class).build())
                .kind("greeter", this::greeter, SpawnOptions.builder()
                        .interceptors((ReceiveContext ctx, io.goakt.actor.ReceiveInterceptor.Next next) -> {
                            intercepted.incrementAndGet();
                            next.proceed();
                        }).build())
                .build();
    }

    List<ClusterFixture.Node> cluster(String name, int n, IntFunction<Set<String>> roles) throws Exception {
        return cluster(name, n, roles, QuorumRule.KEEP_MAJORITY);
    }

    List<ClusterFixture.Node> cluster(String name, int n, IntFunction<Set<String>> roles, QuorumRule quorum)
            throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(fixture.start(ClusterFixture.config(name, ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).roles(roles.apply(i)).remoting(remoting())
                    .quorum(quorum).build()));
        }
        awaitSameView(nodes);
        return nodes;
    }

    List<ClusterFixture.Node> cluster(String name, int n) throws Exception {
        return cluster(name, n, i -> Set.of());
    }

    static void awaitSameView(List<ClusterFixture.Node> nodes) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(n.cluster.view().members()).isEqualTo(nodes.get(0).cluster.view().members());
                assertThat(n.cluster.view().size()).isEqualTo(nodes.size());
            }
        });
    }

    static ClusterActors actors(ClusterFixture.Node node) {
        return ClusterActors.of(node.system);
    }

    static NamedActorService service(ClusterFixture.Node node) {
        return (NamedActorService) actors(node);
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    static void awaitEverywhere(List<ClusterFixture.Node> nodes, String name) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(actors(n).names()).as("names on %s", n.id()).contains(name);
            }
        });
    }

    static void awaitNowhere(List<ClusterFixture.Node> nodes, String name) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(actors(n).names()).as("names on %s", n.id()).doesNotContain(name);
            }
        });
    }

    static String ownerOf(ClusterFixture.Node node, String name) {
        RegistryEntry e = service(node).entries().get(name);
        return e == null ? null : e.ownerId();
    }

    @Test
    void aClusterNameIsReachedByTellAndAskFromEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reach", 3);
        ClusterFixture.Node host = nodes.get(1);

        ActorRef ref = get(actors(host).spawn("greeter", this::greeter, SpawnOptions.defaults()));
        assertThat(ref.name()).isEqualTo("greeter");
        awaitEverywhere(nodes, "greeter");

        for (ClusterFixture.Node n : nodes) {
            ActorRef found = get(actors(n).lookup("greeter")).orElseThrow();
            Reply reply = get(found.ask(new Hello("ask from " + n.id()), Reply.class, ASK));
            assertThat(reply).isEqualTo(new Reply(host.system.name(), "greeter"));
            actors(n).actorOf("greeter").tell(new Hello("tell from " + n.id()));
            Reply byName = get(actors(n).actorOf("greeter").ask(new Hello("by name from " + n.id()), Reply.class,
                    ASK));
            assertThat(byName).isEqualTo(new Reply(host.system.name(), "greeter"));
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(receivedBy(host, "greeter"))
                .containsAll(nodes.stream().map(n -> "tell from " + n.id()).toList()));
        for (ClusterFixture.Node n : nodes) {
            assertThat(ownerOf(n, "greeter")).isEqualTo(host.id());
        }
    }

    @Test
    void aSecondSpawnOfARegisteredNameFailsWithActorAlreadyExistsOnEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("second", 3);
        get(actors(nodes.get(0)).spawn("unique", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "unique");

        for (ClusterFixture.Node n : nodes) {
            assertThatThrownBy(() -> get(actors(n).spawn("unique", this::greeter, SpawnOptions.defaults())))
                    .as("spawn on %s", n.id()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ActorAlreadyExistsException.class);
        }
        long running = nodes.stream().filter(n -> n.system.lookup("unique").isPresent()).count();
        assertThat(running).isEqualTo(1);
    }

    @Test
    void membersRacingForOneNameBehindABarrierLeaveExactlyOneWinner() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("race", 3);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(nodes.size());
        try {
            for (int round = 0; round < 15; round++) {
                String name = "contested-" + round;
                java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(nodes.size());
                List<java.util.concurrent.Future<Throwable>> outcomes = new ArrayList<>();
                for (ClusterFixture.Node n : nodes) {
                    outcomes.add(pool.submit(() -> {
                        barrier.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                        try {
                            get(actors(n).spawn(name, this::greeter, SpawnOptions.defaults()));
                            return null;
                        } catch (ExecutionException e) {
                            return e.getCause();
                        }
                    }));
                }
                List<Throwable> failures = new ArrayList<>();
                int wins = 0;
                for (var f : outcomes) {
                    Throwable t = f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    if (t == null) {
                        wins++;
                    } else {
                        failures.add(t);
                    }
                }
                assertThat(wins).as("winners of %s", name).isEqualTo(1);
                assertThat(failures).as("losers of %s", name)
                        .allMatch(ActorAlreadyExistsException.class::isInstance);
                awaitEverywhere(nodes, name);
                String owner = ownerOf(nodes.get(0), name);
                for (ClusterFixture.Node n : nodes) {
                    assertThat(ownerOf(n, name)).isEqualTo(owner);
                    assertThat(n.system.lookup(name).isPresent()).as("%s on %s", name, n.id())
                            .isEqualTo(n.id().equals(owner));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theNamesOfAMemberThatLeavesVanishEverywhereAndCanBeRegisteredAgain() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("leave", 3);
        ClusterFixture.Node leaver = nodes.get(2);
        get(actors(leaver).spawn("a", this::greeter, SpawnOptions.defaults()));
        get(actors(leaver).spawn("b", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "b");

        get(leaver.cluster.leave());

        List<ClusterFixture.Node> rest = nodes.subList(0, 2);
        awaitNowhere(rest, "a");
        awaitNowhere(rest, "b");
        get(actors(nodes.get(0)).spawn("a", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(rest, "a");
        assertThat(ownerOf(nodes.get(1), "a")).isEqualTo(nodes.get(0).id());
    }

    @Test
    void theNamesOfACrashedMemberVanishEverywhereAndCanBeRegisteredAgain() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("crash", 3);
        ClusterFixture.Node crashed = nodes.get(1);
        get(actors(crashed).spawn("volatile", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "volatile");

        crashed.crash();

        List<ClusterFixture.Node> rest = List.of(nodes.get(0), nodes.get(2));
        awaitNowhere(rest, "volatile");
        get(actors(nodes.get(2)).spawn("volatile", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(rest, "volatile");
        assertThat(ownerOf(nodes.get(0), "volatile")).isEqualTo(nodes.get(2).id());
    }

    @Test
    void theLookupCacheIsDroppedOnAViewChangeAndAByNameRefFollowsTheName() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            nodes.add(fixture.start(ClusterFixture.config("cache", ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting()).build()));
        }
        awaitSameView(nodes);
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        get(actors(second).spawn("mover", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "mover");
        ActorRef byName = actors(first).actorOf("mover");
        assertThat(get(byName.ask(new Hello("1"), Reply.class, ASK)).system()).isEqualTo(second.system.name());
        assertThat(service(first).cachedNames()).containsExactly("mover");

        nodes.add(fixture.start(ClusterFixture.config("cache", ports.get(2),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting()).build()));
        awaitSameView(nodes);
        assertThat(service(first).cachedNames()).isEmpty();

        get(second.cluster.leave());
        awaitNowhere(List.of(first, nodes.get(2)), "mover");
        get(actors(nodes.get(2)).spawn("mover", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(List.of(first, nodes.get(2)), "mover");
        assertThat(get(byName.ask(new Hello("2"), Reply.class, ASK)).system()).isEqualTo(nodes.get(2).system.name());
    }

    @Test
    void nodeLocalNamesResolveLocallyAndStayOutOfTheClusterRegistry() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("local", 2);
        ClusterFixture.Node a = nodes.get(0);
        ClusterFixture.Node b = nodes.get(1);
        ActorRef local = a.system.spawn("shared", this::greeter);

        assertThat(get(actors(a).lookup("shared"))).isEmpty();
        assertThat(get(actors(b).lookup("shared"))).isEmpty();
        // The clash with a's own node-local actor fails the cluster spawn there and gives the name back.
        assertThatThrownBy(() -> get(actors(a).spawn("shared", this::greeter, SpawnOptions.defaults())))
                .hasCauseInstanceOf(ActorAlreadyExistsException.class);
        ActorRef clustered = get(actors(b).spawn("shared", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "shared");

        assertThat(a.system.lookup("shared")).contains(local);
        Optional<ActorRef> fromA = get(actors(a).lookup("shared"));
        assertThat(get(fromA.orElseThrow().ask(new Hello("x"), Reply.class, ASK)).system())
                .isEqualTo(b.system.name());
        assertThat(get(a.system.actorOf("shared").ask(new Hello("y"), Reply.class, ASK)).system())
                .isEqualTo(a.system.name());
        assertThat(clustered.name()).isEqualTo("shared");
    }

    @Test
    void aMemberWithoutQuorumRegistersNothingAndNamesTheRule() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(1);
        ClusterFixture.Node alone = fixture.start(ClusterFixture.config("quorum", ports.get(0),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports))).quorum(QuorumRule.STATIC_QUORUM).minPeers(2)
                .remoting(remoting()).build());

        assertThat(alone.cluster.hasQuorum()).isFalse();
        assertThatThrownBy(() -> get(actors(alone).spawn("q", this::greeter, SpawnOptions.defaults())))
                .hasCauseInstanceOf(NameRegistrationException.class).hasMessageContaining("static-quorum")
                .hasMessageContaining("min-peers 2");
        assertThatThrownBy(() -> get(actors(alone).spawn("k", "greeter", Placement.local(),
                Relocation.RELOCATABLE))).hasCauseInstanceOf(NameRegistrationException.class);
        assertThat(alone.system.lookup("q")).isEmpty();
        assertThat(alone.system.lookup("k")).isEmpty();
    }

    /**
     * With static-quorum and min-peers 1 (the rule without split-brain protection) both sides of a split keep
     * registering; after the heal the merge rule keeps the entry of the older owner even though the younger one
     * registered first, stops the other actor, and both members say so.
     */
    @Test
    void aHealedPartitionKeepsTheOlderOwnersEntryStopsTheOtherAndBothMembersSaySo() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("heal", 3, i -> Set.of(), QuorumRule.STATIC_QUORUM);
        List<NameConflictResolved> conflicts = new CopyOnWriteArrayList<>();
        Map<String, List<NameConflictResolved>> seenBy = new ConcurrentHashMap<>();
        for (ClusterFixture.Node n : nodes) {
            n.system.eventStream().subscribe(NameConflictResolved.class, e -> {
                conflicts.add(e);
                seenBy.computeIfAbsent(n.id(), k -> new CopyOnWriteArrayList<>()).add(e);
            });
        }
        ClusterFixture.Node old = nodes.get(0);
        ClusterFixture.Node cut = nodes.get(2);
        cut.cutOff();
        awaitSameView(nodes.subList(0, 2));
        await().atMost(BOUND).untilAsserted(() -> assertThat(cut.cluster.view().size()).isEqualTo(1));

        get(actors(cut).spawn("twice", this::greeter, SpawnOptions.defaults()));
        RegistryEntry younger = service(cut).entries().get("twice");
        await().atMost(BOUND).until(() -> System.currentTimeMillis() > younger.registeredAt());
        get(actors(old).spawn("twice", this::greeter, SpawnOptions.defaults()));
        RegistryEntry older = service(old).entries().get("twice");
        assertThat(older.ownerSince()).isLessThan(younger.ownerSince());
        assertThat(older.registeredAt()).isGreaterThan(younger.registeredAt());
        cut.reconnect();

        awaitSameView(nodes);
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(service(n).entries().get("twice")).as("entry on %s", n.id()).isEqualTo(older);
            }
            assertThat(cut.system.lookup("twice")).isEmpty();
            assertThat(conflicts).containsOnly(new NameConflictResolved("twice", old.id(), cut.id()));
            assertThat(seenBy).as("conflicts by member").containsOnlyKeys(old.id(), cut.id());
            assertThat(conflicts).hasSize(2);
        });
        assertThat(old.system.lookup("twice")).isPresent();
    }

    @Test
    void aStoppedActorGivesItsNameUpOnEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("stop", 3);
        ActorRef ref = get(actors(nodes.get(0)).spawn("short-lived", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "short-lived");

        get(nodes.get(0).system.stop(ref));

        awaitNowhere(nodes, "short-lived");
        assertThat(get(actors(nodes.get(2)).lookup("short-lived"))).isEmpty();
        get(actors(nodes.get(2)).spawn("short-lived", this::greeter, SpawnOptions.defaults()));
        awaitEverywhere(nodes, "short-lived");
        assertThat(ownerOf(nodes.get(1), "short-lived")).isEqualTo(nodes.get(2).id());
    }

    @Test
    void aJoiningMemberLearnsTheNamesRegisteredBeforeItAndReachesThem() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            nodes.add(fixture.start(ClusterFixture.config("join", ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting()).build()));
        }
        awaitSameView(nodes);
        get(actors(nodes.get(0)).spawn("early-0", this::greeter, SpawnOptions.defaults()));
        get(actors(nodes.get(1)).spawn("early-1", this::greeter, SpawnOptions.defaults()));

        ClusterFixture.Node late = fixture.start(ClusterFixture.config("join", ports.get(2),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting()).build());

        awaitEverywhere(List.of(late), "early-0");
        awaitEverywhere(List.of(late), "early-1");
        assertThat(get(actors(late).actorOf("early-1").ask(new Hello("late"), Reply.class, ASK)).system())
                .isEqualTo(nodes.get(1).system.name());
    }

    @Test
    void aSystemThatIsNotAClusterMemberHasNoClusterActors() {
        io.goakt.actor.ActorSystem plain = io.goakt.actor.ActorSystem.create("plain");
        try {
            assertThatThrownBy(() -> ClusterActors.of(plain)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cluster.start");
        } finally {
            plain.shutdown(BOUND);
        }
    }
}
