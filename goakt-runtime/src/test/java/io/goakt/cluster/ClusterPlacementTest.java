package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.RemotingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import static io.goakt.cluster.ClusterActorsTest.ASK;
import static io.goakt.cluster.ClusterActorsTest.BOUND;
import static io.goakt.cluster.ClusterActorsTest.actors;
import static io.goakt.cluster.ClusterActorsTest.awaitEverywhere;
import static io.goakt.cluster.ClusterActorsTest.get;
import static io.goakt.cluster.ClusterActorsTest.ownerOf;
import static io.goakt.cluster.ClusterActorsTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Spawns placed somewhere in the cluster by a registered kind: each strategy, roles, and the kind's options. */
class ClusterPlacementTest {

    private final ClusterActorsTest base = new ClusterActorsTest();

    @AfterEach
    void close() {
        base.close();
    }

    /** A cluster whose member {@code i} has roles {@code roles(i)} and registers the kind unless {@code noKind(i)}. */
    private List<ClusterFixture.Node> cluster(String name, int n, IntFunction<Set<String>> roles,
                                              java.util.function.IntPredicate noKind) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RemotingConfig remoting = noKind.test(i) ? RemotingConfig.builder().build() : base.remoting();
            nodes.add(base.fixture.start(ClusterFixture.config(name, ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).roles(roles.apply(i)).remoting(remoting)
                    .build()));
        }
        ClusterActorsTest.awaitSameView(nodes);
        // Placement learns the members' kinds from their load reports.
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node from : nodes) {
                for (ClusterFixture.Node m : nodes) {
                    assertThat(service(from).hasLoadReport(m.cluster.self())).isTrue();
                }
            }
        });
        return nodes;
    }

    private List<ClusterFixture.Node> cluster(String name, int n) throws Exception {
        return cluster(name, n, i -> Set.of(), i -> false);
    }

    private static Map<String, Integer> placeAll(ClusterFixture.Node from, List<ClusterFixture.Node> nodes,
                                                 String prefix, int count, Placement placement) throws Exception {
        Map<String, Integer> perMember = new HashMap<>();
        for (ClusterFixture.Node n : nodes) {
            perMember.put(n.id(), 0);
        }
        for (int i = 0; i < count; i++) {
            String name = prefix + i;
            get(actors(from).spawn(name, "greeter", placement));
            perMember.merge(ownerOf(from, name), 1, Integer::sum);
        }
        return perMember;
    }

    @Test
    void localPlacesOnTheSpawningMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-local", 3);
        ClusterFixture.Node from = nodes.get(2);

        ActorRef ref = get(actors(from).spawn("here", "greeter", Placement.local()));

        assertThat(ownerOf(from, "here")).isEqualTo(from.id());
        assertThat(from.system.lookup("here")).contains(ref);
    }

    @Test
    void roundRobinPlacesOnEveryMemberInTurn() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-rr", 3);

        Map<String, Integer> perMember = placeAll(nodes.get(0), nodes, "rr-", 6, Placement.roundRobin());

        assertThat(perMember.values()).containsOnly(2);
    }

    @Test
    void randomReachesEveryMember() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-random", 3);

        // 60 uniform draws miss one of three members with probability 3 * (2/3)^60, about 1e-10.
        Map<String, Integer> perMember = placeAll(nodes.get(1), nodes, "rnd-", 60, Placement.random());

        assertThat(perMember.values()).allMatch(c -> c > 0);
        assertThat(perMember.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
    }

    @Test
    void leastLoadedPlacesOnTheMemberWithTheFewestActors() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-least", 3);
        int[] extra = {20, 30, 5};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < extra[i]; k++) {
                nodes.get(i).system.spawn("busy-" + k, base::greeter);
            }
        }
        ClusterFixture.Node from = nodes.get(0);
        await().atMost(BOUND).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(service(from).load(nodes.get(i).cluster.self())).isBetween((long) extra[i],
                        (long) extra[i] + 5);
            }
        });

        get(actors(from).spawn("light-1", "greeter", Placement.leastLoaded()));
        get(actors(from).spawn("light-2", "greeter", Placement.leastLoaded()));

        assertThat(ownerOf(from, "light-1")).isEqualTo(nodes.get(2).id());
        assertThat(ownerOf(from, "light-2")).isEqualTo(nodes.get(2).id());
    }

    @Test
    void aRolePlacesOnlyOnMembersWithThatRole() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-role", 3, i -> i == 0 ? Set.of("front") : Set.of("back"),
                i -> false);

        Map<String, Integer> back = placeAll(nodes.get(0), nodes, "back-", 4, Placement.role("back"));
        Map<String, Integer> front = placeAll(nodes.get(1), nodes, "front-", 2,
                Placement.leastLoaded().inRole("front"));

        assertThat(back).containsEntry(nodes.get(0).id(), 0).containsEntry(nodes.get(1).id(), 2)
                .containsEntry(nodes.get(2).id(), 2);
        assertThat(front).containsEntry(nodes.get(0).id(), 2);
        assertThatThrownBy(() -> get(actors(nodes.get(0)).spawn("none", "greeter", Placement.role("nobody"))))
                .hasCauseInstanceOf(PlacementException.class).hasMessageContaining("nobody");
    }

    @Test
    void onlyMembersThatRegisteredTheKindAreEligible() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-kind", 3, i -> Set.of(), i -> i != 1);

        Map<String, Integer> perMember = placeAll(nodes.get(0), nodes, "k-", 3, Placement.roundRobin());

        assertThat(perMember).containsEntry(nodes.get(1).id(), 3);
        assertThatThrownBy(() -> get(actors(nodes.get(0)).spawn("mine", "greeter", Placement.local())))
                .hasCauseInstanceOf(PlacementException.class);
        assertThatThrownBy(() -> get(actors(nodes.get(0)).spawn("odd", "unknown-kind", Placement.random())))
                .hasCauseInstanceOf(PlacementException.class).hasMessageContaining("unknown-kind");
    }

    @Test
    void aPlacedSpawnRunsTheKindWithItsOptionsAndTheNameIsUniqueAndReachable() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("p-options", 2, i -> i == 1 ? Set.of("host") : Set.of(),
                i -> false);
        ClusterFixture.Node from = nodes.get(0);

        ActorRef ref = get(actors(from).spawn("placed", "greeter", Placement.role("host")));
        awaitEverywhere(nodes, "placed");
        int before = base.intercepted.get();
        ClusterActorsTest.Reply reply = get(ref.ask(new ClusterActorsTest.Hello("hi"), ClusterActorsTest.Reply.class,
                ASK));

        assertThat(reply.system()).isEqualTo(nodes.get(1).system.name());
        assertThat(base.intercepted.get()).isGreaterThan(before);
        assertThatThrownBy(() -> get(actors(from).spawn("placed", "greeter", Placement.local())))
                .hasCauseInstanceOf(io.goakt.actor.ActorAlreadyExistsException.class);
        assertThatThrownBy(() -> get(actors(nodes.get(1)).spawn("placed", "greeter", Placement.role("host"))))
                .hasCauseInstanceOf(io.goakt.actor.ActorAlreadyExistsException.class);
    }
}
