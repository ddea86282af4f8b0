package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Context;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.ReceiveContext;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.ClusterHooks;
import io.goakt.internal.cluster.ClusterNode;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.UndeliverableMessage;
import io.goakt.serialization.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Cluster singletons across in-JVM members on 127.0.0.1: where one runs, hand-over, crash, partition, the proxy. */
class ClusterSingletonsTest {

    /** Bounds every wait: generous, so a loaded machine slows the test down but does not fail it. */
    static final Duration BOUND = Duration.ofSeconds(60);
    static final Duration ASK = Duration.ofSeconds(20);

    /** A numbered message from one sender. */
    record Msg(String from, int seq) {
    }

    /** Asks the instance where it runs. */
    record WhereAreYou() {
    }

    /** The answer to {@link WhereAreYou}: the system the instance runs on. */
    record Here(String system) {
    }

    final ClusterFixture fixture = new ClusterFixture();
    /** Every instance's lifecycle, in the order it happened, across members: "start <system>", "stop <system>". */
    final List<String> lifecycle = new CopyOnWriteArrayList<>();
    /** Instances running now and the most that ever ran at once. */
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    /** What the instances received, by sender, in order. */
    final Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    /** Dead letters of {@link Msg}s on every member, also those remoting could not send. */
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    /** System name to the number of views its member had confirmed stable after the whole stableAfter, at preStart. */
    final Map<String, Long> fullStableViewsAtStart = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** The singleton: records its lifecycle and the messages it gets, answers {@link WhereAreYou}. */
    final class Counter implements Actor {
        @Override
        public void preStart(Context ctx) {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            lifecycle.add("start " + ctx.system().name());
            Cluster.of(ctx.system()).ifPresent(c -> fullStableViewsAtStart.put(ctx.system().name(),
                    ((ClusterNode) c).fullStableViews()));
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Msg m) {
                received.computeIfAbsent(m.from(), k -> new CopyOnWriteArrayList<>()).add(m.seq());
            } else if (ctx.message() instanceof WhereAreYou) {
                ctx.respond(new Here(ctx.system().name()));
            }
        }

        @Override
        public void postStop(Context ctx) {
            lifecycle.add("stop " + ctx.system().name());
            running.decrementAndGet();
        }
    }

    static RemotingConfig remoting() {
        return RemotingConfig.builder().serialization(Serialization.builder().register("single.Msg", Msg.class)
                .register("single.Where", WhereAreYou.class).register("single.Here", Here.class).build()).build();
    }

    List<ClusterFixture.Node> cluster(String name, int n, IntFunction<Set<String>> roles) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClusterFixture.Node node = fixture.start(ClusterFixture.config(name, ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).roles(roles.apply(i)).remoting(remoting())
                    .build());
            node.system.eventStream().subscribe(DeadLetter.class, d -> {
                // A Msg refused here, or one that remoting could not send to a member that left.
                if (d.message() instanceof Msg || d.message() instanceof UndeliverableMessage u
                        && u.typeId().equals("single.Msg")) {
                    deadLetters.add(d);
                }
            });
            nodes.add(node);
        }
        ClusterFixture.awaitSameView(nodes, n);
        return nodes;
    }

    List<ClusterFixture.Node> cluster(String name, int n) throws Exception {
        return cluster(name, n, i -> Set.of());
    }

    ActorRef declare(ClusterFixture.Node node, SingletonOptions options) {
        return ClusterSingletons.of(node.system).start("counter", Counter::new, options);
    }

    List<ActorRef> declareEverywhere(List<ClusterFixture.Node> nodes, SingletonOptions options) {
        return nodes.stream().map(n -> declare(n, options)).toList();
    }

    static String where(ActorRef proxy) throws Exception {
        return ((Here) proxy.ask(new WhereAreYou(), ASK).toCompletableFuture().get(BOUND.toSeconds(),
                TimeUnit.SECONDS)).system();
    }

    static void awaitRunningOn(List<ClusterFixture.Node> nodes, ClusterFixture.Node host) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(ClusterSingletons.of(n.system).locations()).as("locations on %s", n.id())
                        .containsEntry("counter", host.cluster.self());
            }
        });
    }

    @Test
    void runsExactlyOnceOnTheOldestMemberAndEveryMemberReachesItThroughTheProxy() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-once", 3);
        List<ActorRef> proxies = declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node oldest = nodes.get(0);
        assertThat(oldest.cluster.view().isSelfOldest()).isTrue();

        awaitRunningOn(nodes, oldest);

        for (ActorRef proxy : proxies) {
            assertThat(where(proxy)).isEqualTo(oldest.system.name());
        }
        assertThat(lifecycle).containsExactly("start " + oldest.system.name());
        assertThat(mostRunning).hasValue(1);
    }

    @Test
    void runsOnTheOldestMemberWithItsRole() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-role", 4, i -> i == 0 ? Set.of() : Set.of("worker"));
        List<ActorRef> proxies = declareEverywhere(nodes, SingletonOptions.builder().role("worker").build());
        ClusterFixture.Node oldestWorker = nodes.get(1);

        awaitRunningOn(nodes, oldestWorker);

        assertThat(where(proxies.get(0))).isEqualTo(oldestWorker.system.name());
        assertThat(lifecycle).containsExactly("start " + oldestWorker.system.name());
    }

    @Test
    void aGracefulLeaveOfItsMemberStopsTheOldInstanceBeforeTheNextOldestStartsIt() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-leave", 3);
        List<ActorRef> proxies = declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        awaitRunningOn(nodes, first);

        first.cluster.leave().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        awaitRunningOn(nodes.subList(1, 3), second);
        assertThat(where(proxies.get(2))).isEqualTo(second.system.name());
        assertThat(lifecycle).containsExactly("start " + first.system.name(), "stop " + first.system.name(),
                "start " + second.system.name());
        assertThat(mostRunning).hasValue(1);
        assertThat(ClusterSingletons.of(second.system).handovers()).isEqualTo(1);
    }

    @Test
    void aSystemShutdownOfItsMemberHandsItOverToTheNextOldest() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-shutdown", 3);
        declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        awaitRunningOn(nodes, first);

        first.system.shutdown(BOUND);

        awaitRunningOn(nodes.subList(1, 3), nodes.get(1));
        assertThat(lifecycle).containsExactly("start " + first.system.name(), "stop " + first.system.name(),
                "start " + nodes.get(1).system.name());
    }

    @Test
    void aCrashOfItsMemberStartsItOnTheNextOldestOnceTheViewIsStable() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-crash", 3);
        List<ActorRef> proxies = declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        awaitRunningOn(nodes, first);

        first.crash();

        awaitRunningOn(nodes.subList(1, 3), second);
        assertThat(where(proxies.get(2))).isEqualTo(second.system.name());
        assertThat(lifecycle).contains("start " + second.system.name());
        assertThat(lifecycle).filteredOn(e -> e.startsWith("start")).hasSize(2);
    }

    /** Waits until every one of {@code nodes} confirmed its current view stable, as in a cluster that runs a while. */
    static void awaitStable(List<ClusterFixture.Node> nodes) {
        await().atMost(BOUND).until(() -> nodes.stream().allMatch(n ->
                ClusterHooks.of(n.cluster).stableView().viewId() == n.cluster.view().viewId()));
    }

    @Test
    void aCrashOfItsMemberInAViewConfirmedStableIsTakenOverByTheShortPathNotTheWholeStableAfter()
            throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-crash-fast", 3);
        declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        awaitRunningOn(nodes, first);
        awaitStable(nodes);
        long fastBefore = second.internal().fastStableViews();
        long fullBefore = second.internal().fullStableViews();

        first.crash();

        awaitRunningOn(nodes.subList(1, 3), second);
        assertThat(second.internal().fastStableViews()).as("short-path confirmations").isEqualTo(fastBefore + 1);
        assertThat(fullStableViewsAtStart).as("full-wait confirmations when it started")
                .containsEntry(second.system.name(), fullBefore);
        assertThat(lifecycle).filteredOn(e -> e.startsWith("start")).hasSize(2);
    }

    @Test
    void aCrashOfItsMemberBeforeAJoinWasConfirmedStableWaitsTheWholeStableAfter() throws Exception {
        // Long enough that the crash comes before the view reached by the join is confirmed stable.
        Duration stableAfter = Duration.ofSeconds(5);
        List<Integer> ports = ClusterFixture.freePorts(4);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(fixture.start(ClusterFixture.config("single-crash-join", ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).stableAfter(stableAfter)
                    .remoting(remoting()).build()));
            if (i == 2) {
                ClusterFixture.awaitSameView(nodes, 3);
                declareEverywhere(nodes, SingletonOptions.defaults());
                awaitRunningOn(nodes, nodes.get(0));
                awaitStable(nodes);
            }
        }
        ClusterFixture.awaitSameView(nodes, 4);
        ClusterFixture.Node second = nodes.get(1);
        long fastBefore = second.internal().fastStableViews();
        long fullBefore = second.internal().fullStableViews();
        assertThat(ClusterHooks.of(second.cluster).stableView().size()).as("views confirmed before the crash")
                .isEqualTo(3);

        nodes.get(0).crash();

        awaitRunningOn(nodes.subList(1, 3), second);
        assertThat(fullStableViewsAtStart).as("full-wait confirmations when it started")
                .containsEntry(second.system.name(), fullBefore + 1);
        assertThat(second.internal().fastStableViews()).as("short-path confirmations").isEqualTo(fastBefore);
    }

    @Test
    void aGracefulLeaveOfItsMemberInAViewConfirmedStableStartsTheNextInstanceWithoutTheWholeStableAfter()
            throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-leave-fast", 3);
        declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        awaitRunningOn(nodes, first);
        awaitStable(nodes);
        long fullBefore = second.internal().fullStableViews();

        first.cluster.leave().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        awaitRunningOn(nodes.subList(1, 3), second);
        // On the Stopped notice in the view that still holds the leaver, or by the short path in the view without it.
        assertThat(fullStableViewsAtStart).as("full-wait confirmations when it started")
                .containsEntry(second.system.name(), fullBefore);
        assertThat(lifecycle).containsExactly("start " + first.system.name(), "stop " + first.system.name(),
                "start " + second.system.name());
    }

    @Test
    void aMemberCutOffFromTheMajorityStopsItAtOnceTheMajorityStartsOneAndAfterTheHealOneRemains()
            throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-cut", 3);
        declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        awaitRunningOn(nodes, first);

        first.cutOff();

        await().atMost(BOUND).until(() -> lifecycle.contains("stop " + first.system.name()));
        List<ClusterFixture.Node> majority = nodes.subList(1, 3);
        awaitRunningOn(majority, nodes.get(1));
        int stopOfCut = lifecycle.indexOf("stop " + first.system.name());
        int startOnMajority = lifecycle.indexOf("start " + nodes.get(1).system.name());
        assertThat(stopOfCut).isLessThan(startOnMajority);
        assertThat(mostRunning).hasValue(1);

        first.reconnect();

        ClusterFixture.awaitSameView(nodes, 3);
        ClusterFixture.Node host = nodes.stream().filter(n -> n.cluster.view().oldest().equals(n.cluster.self()))
                .findFirst().orElseThrow();
        awaitRunningOn(nodes, host);
        await().atMost(BOUND).until(() -> running.get() == 1);
        assertThat(mostRunning).hasValue(1);
    }

    @Test
    void theProxyHoldsMessagesDuringAHandOverAndDeliversThemInOrder() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-order", 3);
        List<ActorRef> proxies = declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        awaitRunningOn(nodes, first);
        ActorRef proxy = proxies.get(2);

        var leaving = first.cluster.leave().toCompletableFuture();
        int sent = 0;
        // Sends all through the hand-over (bounded, so a slow leave does not make it send without end).
        while ((!leaving.isDone() || sent < 200) && sent < 100_000) {
            proxy.tell(new Msg("third", sent++));
        }
        leaving.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        awaitRunningOn(nodes.subList(1, 3), nodes.get(1));
        for (int i = 0; i < 100; i++) {
            proxy.tell(new Msg("third", sent++));
        }

        int total = sent;
        await().atMost(BOUND).untilAsserted(() -> assertThat(received.getOrDefault("third", List.of()).size()
                + deadLetters.size()).isEqualTo(total));
        List<Integer> got = received.get("third");
        assertThat(got).isSorted();
        assertThat(got).contains(total - 1);
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.detail()).isNotBlank());
    }

    @Test
    void anAskThroughTheProxyWhileNoInstanceRunsIsAnsweredOnceOneStarts() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-ask-held", 3);
        // The oldest member has not declared it yet, so it runs nowhere and the proxies hold what they get.
        ActorRef proxy = declare(nodes.get(2), SingletonOptions.defaults());
        declare(nodes.get(1), SingletonOptions.defaults());
        var held = proxy.ask(new WhereAreYou(), BOUND).toCompletableFuture();
        proxy.tell(new Msg("third", 0));

        declare(nodes.get(0), SingletonOptions.defaults());

        assertThat(((Here) held.get(BOUND.toSeconds(), TimeUnit.SECONDS)).system())
                .isEqualTo(nodes.get(0).system.name());
        await().atMost(BOUND).until(() -> received.getOrDefault("third", List.of()).equals(List.of(0)));
        assertThat(lifecycle).containsExactly("start " + nodes.get(0).system.name());
    }

    @Test
    void aMemberThatIsDownedStopsItsInstanceAndTheOthersStartOne() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-downed", 3);
        declareEverywhere(nodes, SingletonOptions.defaults());
        ClusterFixture.Node first = nodes.get(0);
        awaitRunningOn(nodes, first);

        assertThat(nodes.get(1).cluster.down(first.id()).toCompletableFuture().get(BOUND.toSeconds(),
                TimeUnit.SECONDS)).isTrue();

        awaitRunningOn(nodes.subList(1, 3), nodes.get(1));
        assertThat(lifecycle).containsExactly("start " + first.system.name(), "stop " + first.system.name(),
                "start " + nodes.get(1).system.name());
        assertThat(mostRunning).hasValue(1);
    }

    @Test
    void aMessageBeyondTheProxyBufferBecomesADeadLetterNamingTheSingletonAndTheLimit() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-full", 3, i -> i == 0 ? Set.of() : Set.of("none"));
        // Nobody has the role "worker", so no instance ever runs and the proxy holds what it can.
        ActorRef proxy = ClusterSingletons.of(nodes.get(0).system).start("counter", Counter::new,
                SingletonOptions.builder().role("worker").bufferSize(5).build());

        for (int i = 0; i < 8; i++) {
            proxy.tell(new Msg("first", i));
        }

        await().atMost(BOUND).until(() -> deadLetters.size() == 3);
        assertThat(deadLetters).extracting(d -> ((Msg) d.message()).seq()).containsExactly(5, 6, 7);
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.Reason.MAILBOX_FULL);
            assertThat(d.detail()).contains("singleton counter").contains("limit 5");
        });
        assertThat(lifecycle).isEmpty();
    }

    @Test
    void manyMessagesThroughTheProxyDuringAHandOverAreEachDeliveredOrADeadLetterWithAReason() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("single-stress", 4);
        List<ActorRef> proxies = declareEverywhere(nodes, SingletonOptions.builder().bufferSize(100_000).build());
        ClusterFixture.Node first = nodes.get(0);
        awaitRunningOn(nodes, first);
        int perSender = 5_000;
        List<Thread> senders = new ArrayList<>();
        for (int s = 1; s < 4; s++) {
            ActorRef proxy = proxies.get(s);
            String from = "sender" + s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    proxy.tell(new Msg(from, i));
                }
            });
            t.start();
            senders.add(t);
        }

        first.cluster.leave();
        for (Thread t : senders) {
            t.join();
        }

        awaitRunningOn(nodes.subList(1, 4), nodes.get(1));
        int total = 3 * perSender;
        await().atMost(BOUND).untilAsserted(() -> assertThat(received.values().stream().mapToInt(List::size).sum()
                + deadLetters.size()).isEqualTo(total));
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.detail()).isNotBlank());
        for (List<Integer> fromOne : received.values()) {
            assertThat(fromOne).isSorted().doesNotHaveDuplicates();
        }
        System.out.printf("singleton hand-over under load: %d sent, %d delivered, %d dead letters %s%n", total,
                received.values().stream().mapToInt(List::size).sum(), deadLetters.size(), deadLetters.stream()
                        .collect(java.util.stream.Collectors.groupingBy(d -> d.reason() + " (" + d.detail() + ")",
                                java.util.stream.Collectors.counting())));
        assertThat(mostRunning).hasValue(1);
    }
}
