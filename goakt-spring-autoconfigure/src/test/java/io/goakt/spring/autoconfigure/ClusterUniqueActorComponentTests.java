package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.Placement;
import io.goakt.cluster.PlacementException;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.internal.ActorKind;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.ClusterNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ActorComponent(clusterUnique, placement, role)}: the defaults, the refusal without a cluster, EAGER names
 * that exactly one member runs and that move when it leaves, placed spawns on the chosen member, refs by name that
 * reach the actor wherever it runs, and the {@code cluster} endpoint's named actors per member. Members are
 * application contexts on 127.0.0.1 with free ports and the failure detection of {@link ClusterMembers}.
 */
class ClusterUniqueActorComponentTests {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class));

    private ClusterMembers members;

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    /** Which application context a reply came from. */
    record NodeId(String id) {
    }

    /** EAGER and cluster-unique: one per cluster. Replies with its member's {@link NodeId}. */
    @ActorComponent(name = "ledger", clusterUnique = true)
    static class LedgerActor implements Actor {
        private final NodeId node;

        LedgerActor(NodeId node) {
            this.node = node;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond(node.id());
            }
        }
    }

    /** LAZY, cluster-unique, placed round robin among the members with the role {@code compute}. */
    @ActorComponent(name = "worker", startup = ActorComponent.Startup.LAZY, clusterUnique = true,
            placement = Placement.Strategy.ROUND_ROBIN, role = "compute")
    static class WorkerActor extends LedgerActor {
        WorkerActor(NodeId node) {
            super(node);
        }
    }

    /** LAZY and cluster-unique, on the member that spawns it. */
    @ActorComponent(name = "account", startup = ActorComponent.Startup.LAZY, clusterUnique = true)
    static class AccountActor extends LedgerActor {
        AccountActor(NodeId node) {
            super(node);
        }
    }

    /** A placement without clusterUnique: refused. */
    @ActorComponent(name = "misplaced", placement = Placement.Strategy.RANDOM)
    static class MisplacedActor extends LedgerActor {
        MisplacedActor(NodeId node) {
            super(node);
        }
    }

    /** A role that is not a role name: refused. */
    @ActorComponent(name = "badrole", clusterUnique = true, role = "no spaces")
    static class BadRoleActor extends LedgerActor {
        BadRoleActor(NodeId node) {
            super(node);
        }
    }

    /** Receives the ledger's ref by injection, before the member joins. */
    static class LedgerClient {
        final ActorRef ledger;

        LedgerClient(@ActorName("ledger") ActorRef ledger) {
            this.ledger = ledger;
        }
    }

    private ApplicationContextRunner member(ClusterMembers m, int index, String... more) {
        return runner.withPropertyValues(m.appProperties(index, more))
                .withBean(NodeId.class, () -> new NodeId("node" + index))
                .withBean(RemoteSerializationCustomizer.class, () -> types -> types.register("test.String", String.class));
    }

    private static Object ask(ActorRef ref, Object message) {
        return ref.ask(message, ASK).toCompletableFuture().join();
    }

    private static Set<String> names(ApplicationContext ctx) {
        return ClusterActors.of(ctx.getBean(ActorSystem.class)).names();
    }

    private static boolean runsLocally(ApplicationContext ctx, String name) {
        return ctx.getBean(ActorSystem.class).lookup(name).isPresent();
    }

    @Test
    void withoutClusterAttributesAKindIsNodeLocal() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(TestActors.Instances.class)
                .withBean(TestActors.EchoActor.class).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ActorKind echo = ctx.getBean(ActorKinds.class).byName("echo").orElseThrow();
                    assertThat(echo.clusterUnique()).isFalse();
                    assertThat(echo.placement()).isEqualTo(Placement.local());
                    assertThat(echo.usesCluster()).isFalse();
                    assertThat(ctx.getBean(ActorSystem.class).lookup("echo")).isPresent();
                });
    }

    @Test
    void clusterUniqueWithTheClusterDisabledFailsStartUpNamingTheComponentAndTheKey() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(LedgerActor.class).run(ctx ->
                assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining(LedgerActor.class.getName())
                        .hasMessageContaining("goakt.cluster.enabled=true"));
    }

    @Test
    void aPlacementWithoutClusterUniqueFailsStartUpNamingTheComponent() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(MisplacedActor.class).run(ctx ->
                assertThat(ctx).getFailure()
                        .hasMessageContaining(MisplacedActor.class.getName())
                        .hasMessageContaining("clusterUnique = true"));
    }

    @Test
    void aRoleThatIsNotARoleNameFailsStartUpNamingTheComponentAndTheRule() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(BadRoleActor.class).run(ctx ->
                assertThat(ctx).getFailure()
                        .hasMessageContaining(BadRoleActor.class.getName())
                        .hasMessageContaining("1 to 64 of A-Z a-z 0-9 . _ -"));
    }

    @Test
    void aNameRefUsedBeforeTheMemberJoinedDeadLettersItsMessagesAndFailsItsAsks() {
        ActorSystem system = ActorSystem.create("not-joined");
        try {
            ActorKind ledger = new ActorKind("ledger", "ledgerActor", LedgerActor.class,
                    ActorComponent.Startup.EAGER, "", "", "", "", true, Placement.local());
            ClusterNames names = new ClusterNames(system, new ActorKinds(List.of(ledger)),
                    k -> () -> new LedgerActor(new NodeId("x")), k -> SpawnOptions.defaults());
            ActorRef ref = names.nameRef(ledger);
            List<DeadLetter> dead = new CopyOnWriteArrayList<>();
            system.eventStream().subscribe(DeadLetter.class, dead::add);

            ref.tell("hello");

            await().atMost(ClusterMembers.TIMEOUT).until(() -> dead.size() == 1);
            assertThat(dead.get(0).message()).isEqualTo("hello");
            assertThat(ref.ask("who", ASK).toCompletableFuture()).failsWithin(ASK)
                    .withThrowableThat().havingRootCause().isInstanceOf(ActorNotAliveException.class)
                    .withMessageContaining("has not joined its cluster yet");
            assertThat(ref.path()).isEqualTo("/cluster/ledger");
        } finally {
            system.shutdown(ClusterMembers.TIMEOUT);
        }
    }

    @Test
    void anEagerClusterUniqueActorRunsOnExactlyOneMemberAndEveryMemberReachesItByName() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0).withBean(LedgerActor.class).withBean(LedgerClient.class).run(a ->
                member(members, 1).withBean(LedgerActor.class).withBean(LedgerClient.class).run(b -> {
                    assertThat(a).hasNotFailed();
                    assertThat(b).hasNotFailed();
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> names(a).contains("ledger")
                            && names(b).contains("ledger") && view(b) == 2 && view(a) == 2);
                    // the first member alone took the name; the second found it taken, which is no error
                    assertThat(runsLocally(a, "ledger")).isTrue();
                    assertThat(runsLocally(b, "ledger")).isFalse();
                    assertThat(ask(b.getBean(LedgerClient.class).ledger, "who")).isEqualTo("node0");
                    assertThat(ask(a.getBean(LedgerClient.class).ledger, "who")).isEqualTo("node0");
                    assertThat(ask(b.getBean(ActorRegistry.class).ref("ledger"), "who")).isEqualTo("node0");
                    assertThat(b.getBean(ActorRegistry.class).find("ledger")).isPresent();

                    String ownerId = a.getBean(ClusterLifecycle.class).cluster().orElseThrow().self().id();
                    ClusterEndpoint.ClusterDescriptor seenByB =
                            new ClusterEndpoint(b.getBean(ClusterLifecycle.class)).cluster();
                    assertThat(seenByB.members()).allSatisfy(m -> assertThat(m.actors())
                            .isEqualTo(m.id().equals(ownerId) ? Set.of("ledger") : Set.of()));
                }));
    }

    @Test
    void whenTheMemberRunningAnEagerNameLeavesARemainingMemberTakesItAndTheInjectedRefFollows() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0).withBean(LedgerActor.class).run(a ->
                member(members, 1).withBean(LedgerActor.class).withBean(LedgerClient.class).run(b -> {
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> names(b).contains("ledger")
                            && view(b) == 2);
                    ActorRef ledger = b.getBean(LedgerClient.class).ledger;
                    assertThat(ask(ledger, "who")).isEqualTo("node0");

                    a.close();

                    await().atMost(ClusterMembers.TIMEOUT).until(() -> runsLocally(b, "ledger"));
                    await().atMost(ClusterMembers.TIMEOUT).ignoreExceptions()
                            .until(() -> "node1".equals(ask(ledger, "who")));
                }));
    }

    @Test
    void aPlacedKindStartsOnTheMemberWithItsRoleAndIsReachedByNameFromTheOther() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0, "goakt.cluster.roles=api").withBean(WorkerActor.class).run(a ->
                member(members, 1, "goakt.cluster.roles=compute").withBean(WorkerActor.class).run(b -> {
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> view(a) == 2 && view(b) == 2);
                    ActorRegistry fromA = a.getBean(ActorRegistry.class);
                    // node1's load report, which announces its kinds, reaches node0 about a round trip after the join
                    ActorRef worker = await().atMost(ClusterMembers.TIMEOUT).ignoreException(PlacementException.class)
                            .until(() -> fromA.spawn(WorkerActor.class, "worker-1"), r -> true);
                    assertThat(ask(worker, "who")).isEqualTo("node1");
                    assertThat(runsLocally(b, "worker-1")).isTrue();
                    assertThat(runsLocally(a, "worker-1")).isFalse();
                    assertThatThrownBy(() -> fromA.spawn(WorkerActor.class, "worker-1"))
                            .isInstanceOf(ActorAlreadyExistsException.class);

                    // the LAZY declared name: the first send through its ref spawns it, placed on node1 as well
                    assertThat(ask(fromA.ref("worker"), "who")).isEqualTo("node1");
                    assertThat(runsLocally(b, "worker")).isTrue();
                }));
    }

    @Test
    void getOrSpawnOfAClusterUniqueKindFromTwoMembersGivesOneActorWhereItWasFirstSpawned() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0).withBean(AccountActor.class).run(a ->
                member(members, 1).withBean(AccountActor.class).run(b -> {
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> view(a) == 2 && view(b) == 2);
                    ActorRef fromA = a.getBean(ActorRegistry.class).getOrSpawn(AccountActor.class, "account-42");
                    assertThat(ask(fromA, "who")).isEqualTo("node0");
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> names(b).contains("account-42"));
                    ActorRef fromB = b.getBean(ActorRegistry.class).getOrSpawn(AccountActor.class, "account-42");
                    assertThat(ask(fromB, "who")).isEqualTo("node0");
                    assertThat(runsLocally(b, "account-42")).isFalse();
                    assertThat(b.getBean(ActorRegistry.class).find("account-42")).contains(fromB);
                }));
    }

    private static int view(AssertableApplicationContext ctx) {
        return ctx.getBean(ClusterLifecycle.class).view().map(v -> v.size()).orElse(0);
    }
}
