package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Context;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relocatable actors across in-JVM members on 127.0.0.1: after a crash, a graceful leave and a partition, each is
 * spawned again exactly once under its name, the old one stopped before the new one started, and only where there
 * is quorum.
 */
class ClusterRelocationTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    record Where() {
    }

    record Here(String system) {
    }

    final ClusterFixture fixture = new ClusterFixture();
    /** Each actor's lifecycle by name, in order: {@code start:<system>} and {@code stop:<system>}. */
    final Map<String, List<String>> lifecycle = new ConcurrentHashMap<>();
    final List<ActorRelocated> relocated = new CopyOnWriteArrayList<>();
    /** Each relocation with the member that decided it (the one whose event stream published it), in order. */
    final List<String> decisions = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Records its start and stop, and answers {@link Where} with its system. */
    final class Tracked implements Actor {
        @Override
        public void preStart(Context ctx) {
            record(ctx, "start:");
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Where) {
                ctx.respond(new Here(ctx.system().name()));
            }
        }

        @Override
        public void postStop(Context ctx) {
            record(ctx, "stop:");
        }

        private void record(Context ctx, String what) {
            lifecycle.computeIfAbsent(ctx.self().name(), k -> new CopyOnWriteArrayList<>())
                    .add(what + ctx.system().name());
        }
    }

    RemotingConfig remoting() {
        return RemotingConfig.builder()
                .serialization(Serialization.builder().register("reloc.Where", Where.class)
                        .register("reloc.Here", Here.class).build())
                .kind("tracked", Tracked::new, SpawnOptions.defaults())
                .build();
    }

    List<ClusterFixture.Node> cluster(String name, int n) throws Exception {
        return cluster(name, n, QuorumRule.KEEP_MAJORITY, 1);
    }

    List<ClusterFixture.Node> cluster(String name, int n, QuorumRule quorum, int minPeers) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClusterFixture.Node node = fixture.start(ClusterFixture.config(name, ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting()).quorum(quorum)
                    .minPeers(minPeers).build());
            node.system.eventStream().subscribe(ActorRelocated.class, e -> {
                relocated.add(e);
                decisions.add(node.id() + " decided " + e);
            });
            nodes.add(node);
        }
        ClusterFixture.awaitSameView(nodes, n);
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node a : nodes) {
                for (ClusterFixture.Node b : nodes) {
                    assertThat(service(a).hasLoadReport(b.cluster.self())).isTrue();
                }
            }
        });
        return nodes;
    }

    static NamedActorService service(ClusterFixture.Node node) {
        return (NamedActorService) ClusterActors.of(node.system);
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    ActorRef spawnOn(ClusterFixture.Node node, String name) throws Exception {
        return get(ClusterActors.of(node.system).spawn(name, "tracked", Placement.local(), Relocation.RELOCATABLE));
    }

    /** Waits until every one of {@code nodes} holds an entry for {@code name} owned by one of {@code owners}. */
    static void awaitOwnedByOneOf(List<ClusterFixture.Node> nodes, String name, List<ClusterFixture.Node> owners) {
        Set<String> ids = new HashSet<>();
        owners.forEach(o -> ids.add(o.id()));
        await().atMost(BOUND).untilAsserted(() -> {
            RegistryEntry first = service(nodes.get(0)).entries().get(name);
            assertThat(first).as("entry of %s", name).isNotNull();
            assertThat(ids).contains(first.ownerId());
            for (ClusterFixture.Node n : nodes) {
                assertThat(service(n).entries().get(name)).as("entry of %s on %s", name, n.id()).isEqualTo(first);
            }
        });
    }

    static long running(List<ClusterFixture.Node> nodes, String name) {
        return nodes.stream().filter(n -> n.system.lookup(name).isPresent()).count();
    }

    /**
     * What a failed assertion on relocations needs to tell a second relocation by design (a member lost quorum or
     * left a stable view after the first) from one without a cause: the actor's lifecycle, who decided each
     * relocation, and each member's views, unreachable members and quorum changes, in order.
     */
    String history(String name, List<ClusterFixture.Node> nodes) {
        StringBuilder b = new StringBuilder("lifecycle of ").append(name).append(' ')
                .append(lifecycle.getOrDefault(name, List.of())).append("; relocations ").append(decisions);
        for (ClusterFixture.Node n : nodes) {
            b.append("\nevents of ").append(n.id()).append(':');
            for (Object e : n.events) {
                String line = membershipEvent(e);
                if (line != null) {
                    b.append("\n  ").append(line);
                }
            }
        }
        return b.toString();
    }

    private static String membershipEvent(Object e) {
        if (e instanceof ClusterViewChanged c) {
            return (c.merged() ? "merged view " : "view ") + c.view().viewId() + " "
                    + c.view().members().stream().map(Member::id).toList();
        } else if (e instanceof MemberUnreachable u) {
            return "unreachable " + u.member().id() + " in view " + u.view().viewId();
        } else if (e instanceof QuorumLost q) {
            return "quorum lost in view " + q.view().viewId() + ": " + q.reason();
        } else if (e instanceof QuorumRegained q) {
            return "quorum regained in view " + q.view().viewId();
        }
        return null;
    }

    List<String> starts(String name) {
        return lifecycle.getOrDefault(name, List.of()).stream().filter(s -> s.startsWith("start:")).toList();
    }

    @Test
    void aRelocatableActorOfACrashedMemberStartsOnceOnARemainingMemberUnderItsName() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reloc-crash", 3);
        ClusterFixture.Node doomed = nodes.get(2);
        List<ClusterFixture.Node> remaining = nodes.subList(0, 2);
        spawnOn(doomed, "ledger");
        awaitOwnedByOneOf(nodes, "ledger", List.of(doomed));
        assertThat(service(nodes.get(0)).entries().get("ledger").relocatable()).isTrue();

        doomed.crash();

        awaitOwnedByOneOf(remaining, "ledger", remaining);
        RegistryEntry now = service(nodes.get(0)).entries().get("ledger");
        assertThat(now.kind()).isEqualTo("tracked");
        assertThat(now.relocatable()).isTrue();
        Here here = (Here) get(ClusterActors.of(nodes.get(0).system).actorOf("ledger")
                .ask(new Where(), Duration.ofSeconds(10)));
        assertThat(here.system()).isIn(remaining.stream().map(n -> n.system.name()).toList());
        assertThat(starts("ledger")).containsExactly("start:" + doomed.system.name(), "start:" + here.system());
        assertThat(running(remaining, "ledger")).isEqualTo(1);
        // The decider publishes once it heard back from the member that spawned it, which may be after the entry.
        await().atMost(BOUND).untilAsserted(() -> assertThat(relocated)
                .containsExactly(new ActorRelocated("ledger", "tracked", doomed.id(), now.ownerId())));
    }

    @Test
    void aLeavingMemberStopsItsRelocatableActorBeforeAnotherStartsIt() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reloc-leave", 3);
        ClusterFixture.Node leaving = nodes.get(1);
        List<ClusterFixture.Node> remaining = List.of(nodes.get(0), nodes.get(2));
        spawnOn(leaving, "scheduler");

        get(leaving.cluster.leave());

        awaitOwnedByOneOf(remaining, "scheduler", remaining);
        String newOwner = service(nodes.get(0)).entries().get("scheduler").ownerId();
        String newSystem = remaining.stream().filter(n -> n.id().equals(newOwner)).findFirst().orElseThrow()
                .system.name();
        await().atMost(BOUND).untilAsserted(() -> assertThat(lifecycle.get("scheduler")).containsExactly(
                "start:" + leaving.system.name(), "stop:" + leaving.system.name(), "start:" + newSystem));
        assertThat(running(nodes, "scheduler")).isEqualTo(1);
        await().atMost(BOUND).untilAsserted(() -> assertThat(relocated).hasSize(1));
    }

    @Test
    void aMemberThatShutsDownHandsItsRelocatableActorOverAfterItStopped() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reloc-shutdown", 3);
        ClusterFixture.Node closing = nodes.get(0);
        List<ClusterFixture.Node> remaining = nodes.subList(1, 3);
        spawnOn(closing, "reporter");
        awaitOwnedByOneOf(nodes, "reporter", List.of(closing));

        closing.system.shutdown(Duration.ofSeconds(30));

        awaitOwnedByOneOf(remaining, "reporter", remaining);
        String newOwner = service(remaining.get(0)).entries().get("reporter").ownerId();
        String newSystem = remaining.stream().filter(n -> n.id().equals(newOwner)).findFirst().orElseThrow()
                .system.name();
        await().atMost(BOUND).untilAsserted(() -> assertThat(lifecycle.get("reporter")).containsExactly(
                "start:" + closing.system.name(), "stop:" + closing.system.name(), "start:" + newSystem));
        assertThat(running(remaining, "reporter")).isEqualTo(1);
    }

    @Test
    void aCutOffMinorityStopsItsRelocatablesTheMajorityRunsThemAndAfterTheHealExactlyOneRuns() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reloc-cut", 3);
        ClusterFixture.Node cut = nodes.get(2);
        List<ClusterFixture.Node> majority = nodes.subList(0, 2);
        spawnOn(cut, "coordinator");
        spawnOn(nodes.get(0), "stays");

        cut.cutOff();

        await().atMost(BOUND).untilAsserted(() -> assertThat(cut.system.lookup("coordinator")).isEmpty());
        awaitOwnedByOneOf(majority, "coordinator", majority);
        assertThat(lifecycle.get("coordinator")).startsWith("start:" + cut.system.name(),
                "stop:" + cut.system.name());

        cut.reconnect();

        ClusterFixture.awaitSameView(nodes, 3);
        awaitOwnedByOneOf(nodes, "coordinator", majority);
        awaitOwnedByOneOf(nodes, "stays", List.of(nodes.get(0)));
        assertThat(running(nodes, "coordinator")).isEqualTo(1);
        assertThat(running(nodes, "stays")).isEqualTo(1);
        assertThat(starts("coordinator")).hasSize(2);
        assertThat(starts("stays")).hasSize(1);
    }

    /**
     * Static quorum of 2 and a split into three single members: nobody has quorum, so the owner stops its actor
     * and nobody starts it until the partition heals. (Under keep-majority, members cut off one after the other
     * may leave one of them with quorum by the even-split rule, which then rightly relocates.)
     *
     * <p>The heal brings the owner back first: its side of two members has quorum, and the hand-over nobody heard
     * reaches the other member, which spawns the actor again. The third member comes back once both hold that
     * view and the new entry. Three single members merging at once may merge in stages, and a member whose merged
     * view the others had not all installed yet can be split off again by the next merge: it then loses quorum and
     * stops the successor it runs, which is rightly spawned a second time.
     */
    @Test
    void noMemberRelocatesWithoutQuorumAndTheHealedClusterRunsExactlyOne() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reloc-noquorum", 3, QuorumRule.STATIC_QUORUM, 2);
        ClusterFixture.Node owner = nodes.get(1);
        ClusterFixture.Node lonely = nodes.get(0);
        spawnOn(owner, "singleton-ish");

        owner.cutOff();
        nodes.get(2).cutOff();

        await().atMost(BOUND).until(() -> lonely.cluster.view().size() == 1 && !lonely.cluster.hasQuorum());
        await().atMost(BOUND).untilAsserted(() -> assertThat(running(nodes, "singleton-ish")).isZero());
        // Longer than stableAfter: a member without quorum never sees a stable view, so nobody spawns it.
        await().during(Duration.ofSeconds(2)).atMost(BOUND)
                .until(() -> running(nodes, "singleton-ish") == 0 && relocated.isEmpty());

        owner.reconnect();
        List<ClusterFixture.Node> ownersSide = List.of(lonely, owner);
        ClusterFixture.awaitSameView(ownersSide, 2);
        awaitOwnedByOneOf(ownersSide, "singleton-ish", List.of(lonely));
        await().atMost(BOUND).until(() -> lonely.system.lookup("singleton-ish").isPresent());
        nodes.get(2).reconnect();

        ClusterFixture.awaitSameView(nodes, 3);
        await().atMost(BOUND).until(() -> nodes.stream().allMatch(n -> n.cluster.hasQuorum()));
        awaitOwnedByOneOf(nodes, "singleton-ish", nodes);
        assertThat(running(nodes, "singleton-ish")).as(() -> history("singleton-ish", nodes)).isEqualTo(1);
        assertThat(starts("singleton-ish")).as(() -> history("singleton-ish", nodes))
                .containsExactly("start:" + owner.system.name(), "start:" + lonely.system.name());
        await().atMost(BOUND).untilAsserted(() -> assertThat(relocated).as(() -> history("singleton-ish", nodes))
                .hasSize(1));
    }

    @Test
    void twoHundredRelocatableActorsOfACrashedMemberAreEachSpawnedAgainExactlyOnce() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("reloc-many", 3);
        ClusterFixture.Node doomed = nodes.get(2);
        List<ClusterFixture.Node> remaining = nodes.subList(0, 2);
        ClusterActors actors = ClusterActors.of(nodes.get(0).system);
        List<CompletableFuture<ActorRef>> spawns = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            spawns.add(actors.spawn("w" + i, "tracked", Placement.roundRobin(), Relocation.RELOCATABLE)
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(spawns.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> service(doomed).entries().size() == 200);
        Set<String> onDoomed = new HashSet<>();
        service(doomed).entries().forEach((name, e) -> {
            if (e.ownerId().equals(doomed.id())) {
                onDoomed.add(name);
            }
        });
        assertThat(onDoomed).isNotEmpty();

        doomed.crash();

        Set<String> remainingIds = Set.of(remaining.get(0).id(), remaining.get(1).id());
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : remaining) {
                Map<String, RegistryEntry> entries = service(n).entries();
                assertThat(entries).as("entries on %s", n.id()).hasSize(200);
                assertThat(entries.values()).allMatch(e -> remainingIds.contains(e.ownerId()));
            }
        });
        assertThat(service(remaining.get(0)).entries()).isEqualTo(service(remaining.get(1)).entries());
        // The registry names the new owner before the owner's spawn has finished: each actor is awaited running.
        await().atMost(BOUND).untilAsserted(() -> {
            for (int i = 0; i < 200; i++) {
                String name = "w" + i;
                assertThat(starts(name)).as("starts of %s", name).hasSize(onDoomed.contains(name) ? 2 : 1);
                assertThat(running(remaining, name)).as("instances of %s", name).isEqualTo(1);
            }
        });
        await().atMost(BOUND).untilAsserted(() -> assertThat(relocated).hasSize(onDoomed.size()));
        assertThat(relocated).allMatch(r -> onDoomed.contains(r.name()) && r.previousOwner().equals(doomed.id()));
    }
}
