package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Actors;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.RemotingConfig;
import io.goakt.router.Broadcast;
import io.goakt.router.GetRoutees;
import io.goakt.router.Routees;
import io.goakt.router.RoutingStrategy;
import io.goakt.serialization.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Cluster-aware routers across in-JVM members on 127.0.0.1: pools spread their routees over the members and groups
 * reach the actor at one path on each, both follow members that join and leave, and each strategy routes as it
 * does in a local pool.
 */
class ClusterRoutersTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    /** A job for a routee; {@code key} is what consistent hashing routes by. */
    record Job(String key, int n) {
    }

    private final ClusterFixture fixture = new ClusterFixture();
    /** The jobs each routee got, by {@code <system>/<routee path>}. */
    private final Map<String, List<Job>> received = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    private io.goakt.actor.Actor worker() {
        return Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof Job j) {
                received.computeIfAbsent(ctx.self().address().system() + ctx.self().path(),
                        k -> new CopyOnWriteArrayList<>()).add(j);
            }
        });
    }

    private RemotingConfig remoting() {
        return RemotingConfig.builder().serialization(Serialization.builder().register("routers.Job", Job.class)
                .build()).kind("worker", this::worker).build();
    }

    private ClusterFixture.Node start(String name, int port, List<Integer> seeds, Set<String> roles) {
        return fixture.start(ClusterFixture.config(name, port, StaticDiscovery.of(ClusterFixture.hostPorts(seeds)))
                .roles(roles).remoting(remoting()).build());
    }

    private List<ClusterFixture.Node> cluster(String name, int n, IntFunction<Set<String>> roles) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(start(name, ports.get(i), ports, roles.apply(i)));
        }
        ClusterFixture.awaitSameView(nodes, n);
        return nodes;
    }

    private List<ClusterFixture.Node> cluster(String name, int n) throws Exception {
        return cluster(name, n, i -> Set.of());
    }

    private static List<ActorRef> routees(ActorRef router) throws Exception {
        return router.ask(GetRoutees.INSTANCE, Routees.class, Duration.ofSeconds(10)).toCompletableFuture()
                .get(BOUND.toSeconds(), TimeUnit.SECONDS).routees();
    }

    /** How many routees each member's system hosts. */
    private static Map<String, Integer> perSystem(List<ActorRef> routees) {
        Map<String, Integer> out = new HashMap<>();
        routees.forEach(r -> out.merge(r.address().system(), 1, Integer::sum));
        return out;
    }

    private static Map<String, Integer> expected(List<ClusterFixture.Node> nodes, int... counts) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (counts[i] > 0) {
                out.put(nodes.get(i).system.name(), counts[i]);
            }
        }
        return out;
    }

    private static void awaitSpread(ActorRef router, Map<String, Integer> spread) {
        await().atMost(BOUND).untilAsserted(() -> assertThat(perSystem(routees(router))).isEqualTo(spread));
    }

    private void awaitJobs(int total) {
        await().atMost(BOUND).until(() -> received.values().stream().mapToInt(List::size).sum() >= total);
    }

    // ---- pools

    @Test
    void aPoolSpawnsItsRouteesPerMemberOnEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-per-member", 3);

        ActorRef router = ClusterRouters.pool(nodes.get(0).system, "workers", "worker", 2,
                RoutingStrategy.roundRobin());

        awaitSpread(router, expected(nodes, 2, 2, 2));
        for (ActorRef r : routees(router)) {
            ClusterFixture.Node host = nodes.stream().filter(n -> n.system.name().equals(r.address().system()))
                    .findFirst().orElseThrow();
            assertThat(host.system.lookup(r.path())).as("routee %s alive on its member", r).isPresent();
        }
    }

    @Test
    void aPoolOfATotalSpreadsItEvenlyTheOldestTakingTheRemainder() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-total", 3);

        ActorRef router = ClusterRouters.pool(nodes.get(1).system, "workers",
                ClusterPool.builder("worker", RoutingStrategy.roundRobin()).total(5).build());

        List<Member> members = nodes.get(0).cluster.view().members();
        Map<String, Integer> spread = new HashMap<>();
        spread.put(ClusterRouters.systemOf(members.get(0)), 2);
        spread.put(ClusterRouters.systemOf(members.get(1)), 2);
        spread.put(ClusterRouters.systemOf(members.get(2)), 1);
        awaitSpread(router, spread);
    }

    @Test
    void aPoolPlacesRouteesOnlyOnMembersWithItsRole() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-role", 3, i -> i == 1 ? Set.of() : Set.of("compute"));

        ActorRef router = ClusterRouters.pool(nodes.get(1).system, "workers",
                ClusterPool.builder("worker", RoutingStrategy.roundRobin()).perMember(2).role("compute").build());

        awaitSpread(router, expected(nodes, 2, 0, 2));
    }

    @Test
    void aLeavingMembersRouteesAreDroppedAndATotalPoolRefillsOnTheOthers() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-leave", 3);
        ActorRef perMember = ClusterRouters.pool(nodes.get(0).system, "per", "worker", 1,
                RoutingStrategy.roundRobin());
        ActorRef total = ClusterRouters.pool(nodes.get(0).system, "total",
                ClusterPool.builder("worker", RoutingStrategy.roundRobin()).total(6).build());
        awaitSpread(perMember, expected(nodes, 1, 1, 1));
        awaitSpread(total, expected(nodes, 2, 2, 2));

        nodes.get(2).cluster.leave().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        awaitSpread(perMember, expected(nodes, 1, 1, 0));
        awaitSpread(total, expected(nodes, 3, 3, 0));
    }

    @Test
    void aJoiningMemberGainsRoutees() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        nodes.add(start("r-join", ports.get(0), ports, Set.of()));
        nodes.add(start("r-join", ports.get(1), ports, Set.of()));
        ClusterFixture.awaitSameView(nodes, 2);
        ActorRef router = ClusterRouters.pool(nodes.get(0).system, "workers", "worker", 2,
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 2, 2));

        nodes.add(start("r-join", ports.get(2), ports, Set.of()));
        ClusterFixture.awaitSameView(nodes, 3);

        awaitSpread(router, expected(nodes, 2, 2, 2));
    }

    @Test
    void aPoolRoutesRoundRobinOverTheRouteesOfEveryMemberAndStopsThemWhenItStops() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-rr", 3);
        ActorRef router = ClusterRouters.pool(nodes.get(0).system, "workers", "worker", 1,
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 1, 1, 1));
        List<ActorRef> routees = routees(router);

        for (int i = 0; i < 9; i++) {
            router.tell(new Job("k" + i, i));
        }

        awaitJobs(9);
        assertThat(received).hasSize(3);
        assertThat(received.values()).allSatisfy(jobs -> assertThat(jobs).hasSize(3));

        nodes.get(0).system.stop(router).toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        await().atMost(BOUND).untilAsserted(() -> {
            for (ActorRef r : routees) {
                ClusterFixture.Node host = nodes.stream().filter(n -> n.system.name().equals(r.address().system()))
                        .findFirst().orElseThrow();
                assertThat(host.system.lookup(r.path())).as("routee %s after the router stopped", r).isEmpty();
            }
        });
    }

    @Test
    void aPoolReplacesARouteeThatStopsOnAMemberThatStays() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-replace", 2);
        ActorRef router = ClusterRouters.pool(nodes.get(0).system, "workers", "worker", 1,
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 1, 1));
        ActorRef remote = routees(router).stream()
                .filter(r -> r.address().system().equals(nodes.get(1).system.name())).findFirst().orElseThrow();

        nodes.get(1).system.stop(nodes.get(1).system.lookup(remote.path()).orElseThrow());

        await().atMost(BOUND).untilAsserted(() -> {
            List<ActorRef> now = routees(router);
            assertThat(now).hasSize(2).doesNotContain(remote);
            assertThat(perSystem(now)).isEqualTo(expected(nodes, 1, 1));
        });
    }

    @Test
    void aMemberWithoutTheKindIsLeftOutOfAPool() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        nodes.add(start("r-no-kind", ports.get(0), ports, Set.of()));
        nodes.add(start("r-no-kind", ports.get(1), ports, Set.of()));
        nodes.add(fixture.start(ClusterFixture.config("r-no-kind", ports.get(2),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(RemotingConfig.builder()
                .serialization(Serialization.builder().register("routers.Job", Job.class).build()).build())
                .build()));
        ClusterFixture.awaitSameView(nodes, 3);

        ActorRef router = ClusterRouters.pool(nodes.get(0).system, "workers", "worker", 2,
                RoutingStrategy.roundRobin());

        awaitSpread(router, expected(nodes, 2, 2, 0));
        for (int i = 0; i < 8; i++) {
            router.tell(new Job("k" + i, i));
        }
        awaitJobs(8);
        assertThat(received.values()).allSatisfy(jobs -> assertThat(jobs).hasSize(2));
    }

    @Test
    void aMemberBackFromAPartitionHostsFreshRouteesAndNotTheOldOnesToo() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("r-heal", 3);
        ClusterFixture.Node cut = nodes.get(2);
        ActorRef router = ClusterRouters.pool(nodes.get(0).system, "workers", "worker", 1,
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 1, 1, 1));
        String before = routees(router).stream().filter(r -> r.address().system().equals(cut.system.name()))
                .findFirst().orElseThrow().path();

        cut.cutOff();
        awaitSpread(router, expected(nodes, 1, 1, 0));
        assertThat(cut.system.lookup(before)).as("the cut-off member's routee runs on, out of reach").isPresent();
        cut.reconnect();

        ClusterFixture.awaitSameView(nodes, 3);
        awaitSpread(router, expected(nodes, 1, 1, 1));
        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(cut.system.lookup(before)).as("the routee from before the partition").isEmpty();
            assertThat(cut.system.actors().stream().filter(a -> a.path().startsWith("/user/workers-")))
                    .as("routees on the member that came back").hasSize(1);
        });
    }

    @Test
    void aClusterPoolSettingIsGivenOnce() {
        ClusterPool.Builder b = ClusterPool.builder("worker", RoutingStrategy.random()).perMember(2);

        assertThatThrownBy(() -> b.total(4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("routees is already set to 2 PER_MEMBER");
        assertThatThrownBy(() -> ClusterPool.builder("worker", RoutingStrategy.random()).perMember(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    // ---- groups

    private void startWorkers(List<ClusterFixture.Node> nodes) {
        for (ClusterFixture.Node n : nodes) {
            n.system.spawn("worker", this::worker);
        }
    }

    @Test
    void aGroupRoutesRoundRobinToTheActorAtItsPathOnEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-rr", 3);
        startWorkers(nodes);
        ActorRef router = ClusterRouters.group(nodes.get(1).system, "workers", "/user/worker",
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 1, 1, 1));

        for (int i = 0; i < 12; i++) {
            router.tell(new Job("k" + i, i));
        }

        awaitJobs(12);
        assertThat(received.keySet()).hasSize(3);
        assertThat(received.values()).allSatisfy(jobs -> assertThat(jobs).hasSize(4));
    }

    @Test
    void aGroupWithARoleReachesOnlyMembersWithIt() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-role", 3, i -> i == 2 ? Set.of("edge") : Set.of());
        startWorkers(nodes);

        ActorRef router = ClusterRouters.group(nodes.get(0).system, "workers", "worker", "edge",
                RoutingStrategy.random());

        awaitSpread(router, expected(nodes, 0, 0, 1));
        router.tell(new Job("k", 1));
        awaitJobs(1);
        assertThat(received.keySet()).containsExactly(nodes.get(2).system.name() + "/user/worker");
    }

    @Test
    void aGroupFollowsMembersThatJoinAndLeave() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        nodes.add(start("g-follow", ports.get(0), ports, Set.of()));
        nodes.add(start("g-follow", ports.get(1), ports, Set.of()));
        ClusterFixture.awaitSameView(nodes, 2);
        ActorRef router = ClusterRouters.group(nodes.get(0).system, "workers", "worker",
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 1, 1));

        nodes.add(start("g-follow", ports.get(2), ports, Set.of()));
        ClusterFixture.awaitSameView(nodes, 3);
        awaitSpread(router, expected(nodes, 1, 1, 1));

        nodes.get(1).cluster.leave().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        awaitSpread(router, expected(nodes, 1, 0, 1));
    }

    @Test
    void aGroupFindsTheLocalActorStartedAfterTheRouter() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-late", 1);
        ActorRef router = ClusterRouters.group(nodes.get(0).system, "workers", "worker",
                RoutingStrategy.roundRobin());
        awaitSpread(router, expected(nodes, 1));

        nodes.get(0).system.spawn("worker", this::worker);
        router.tell(new Job("k", 1));

        awaitJobs(1);
        assertThat(received.keySet()).containsExactly(nodes.get(0).system.name() + "/user/worker");
    }

    @Test
    void broadcastReachesEveryRouteeOnEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-broadcast", 3);
        startWorkers(nodes);
        ActorRef strategy = ClusterRouters.group(nodes.get(0).system, "all", "worker", RoutingStrategy.broadcast());
        ActorRef wrapped = ClusterRouters.group(nodes.get(0).system, "rr", "worker", RoutingStrategy.roundRobin());
        awaitSpread(strategy, expected(nodes, 1, 1, 1));
        awaitSpread(wrapped, expected(nodes, 1, 1, 1));

        strategy.tell(new Job("a", 1));
        wrapped.tell(new Broadcast(new Job("b", 2)));

        awaitJobs(6);
        assertThat(received.values()).allSatisfy(jobs -> assertThat(jobs)
                .containsExactlyInAnyOrder(new Job("a", 1), new Job("b", 2)));
    }

    @Test
    void consistentHashingSendsEqualKeysToOneRouteeAndSpreadsKeysOverMembers() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-hash", 3);
        startWorkers(nodes);
        ActorRef router = ClusterRouters.group(nodes.get(2).system, "workers", "worker",
                RoutingStrategy.consistentHashing(m -> ((Job) m).key()));
        awaitSpread(router, expected(nodes, 1, 1, 1));

        int keys = 60;
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < keys; k++) {
                router.tell(new Job("key-" + k, round));
            }
        }

        awaitJobs(3 * keys);
        Set<String> seen = new HashSet<>();
        for (List<Job> jobs : received.values()) {
            Map<String, Integer> perKey = new HashMap<>();
            jobs.forEach(j -> perKey.merge(j.key(), 1, Integer::sum));
            assertThat(perKey.values()).as("each key's three rounds on one routee").containsOnly(3);
            assertThat(seen).doesNotContainAnyElementsOf(perKey.keySet());
            seen.addAll(perKey.keySet());
        }
        assertThat(seen).hasSize(keys);
        // 60 keys on a ring of 3 x 128 points miss one routee with negligible probability.
        assertThat(received).hasSize(3);
    }

    @Test
    void scatterGatherAnswersTheSenderWithTheFirstReplyOfAnyMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-scatter", 3);
        for (ClusterFixture.Node n : nodes) {
            String system = n.system.name();
            n.system.spawnFromFunction("worker", ctx -> {
                if (ctx.message() instanceof Job j) {
                    ctx.respond(new Job(system, j.n()));
                }
            });
        }
        ActorRef router = ClusterRouters.group(nodes.get(0).system, "workers", "worker",
                RoutingStrategy.scatterGatherFirstCompleted(Duration.ofSeconds(10)));
        awaitSpread(router, expected(nodes, 1, 1, 1));

        Object reply = router.ask(new Job("q", 7), Duration.ofSeconds(20)).toCompletableFuture()
                .get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(reply).isInstanceOf(Job.class);
        assertThat(((Job) reply).n()).isEqualTo(7);
        assertThat(nodes.stream().map(n -> n.system.name())).contains(((Job) reply).key());
    }

    @Test
    void tailChoppingMovesOnFromSilentMembersToTheOneThatAnswers() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-chop", 3);
        String answering = nodes.get(2).system.name();
        for (ClusterFixture.Node n : nodes) {
            String system = n.system.name();
            n.system.spawnFromFunction("worker", ctx -> {
                if (ctx.message() instanceof Job j && system.equals(answering)) {
                    ctx.respond(new Job(system, j.n()));
                }
            });
        }
        ActorRef router = ClusterRouters.group(nodes.get(0).system, "workers", "worker",
                RoutingStrategy.tailChopping(Duration.ofSeconds(20), Duration.ofMillis(100)));
        awaitSpread(router, expected(nodes, 1, 1, 1));

        Object reply = router.ask(new Job("q", 7), Duration.ofSeconds(30)).toCompletableFuture()
                .get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(new Job(answering, 7));
    }

    @Test
    void randomReachesEveryMembersRoutee() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("g-random", 3);
        startWorkers(nodes);
        ActorRef router = ClusterRouters.group(nodes.get(0).system, "workers", "worker", RoutingStrategy.random());
        awaitSpread(router, expected(nodes, 1, 1, 1));

        // 90 uniform draws miss one of three routees with probability 3 * (2/3)^90, about 4e-16.
        for (int i = 0; i < 90; i++) {
            router.tell(new Job("k" + i, i));
        }

        awaitJobs(90);
        assertThat(received).hasSize(3);
    }
}
