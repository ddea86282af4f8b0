package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.cron.ClusterCronService;
import io.goakt.internal.cluster.cron.CronTime;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Cluster-wide cron schedules across in-JVM members on 127.0.0.1, on a shared clock that runs 60 times faster than
 * real time, so an every-minute schedule ticks every second: once per tick, across a hand-over, and cancelled.
 */
class ClusterCronTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final String TARGET = "cron-target";
    static final String KEY = "every-minute";

    /** The scheduled message. */
    record Ping() {
    }

    /** A message type the remoting does not know. */
    record Unregistered() {
    }

    final ClusterFixture fixture = new ClusterFixture();
    final CronTime time = CronTime.accelerated(Instant.now().truncatedTo(ChronoUnit.MINUTES), 60);
    /** The pings the target received. */
    final AtomicInteger received = new AtomicInteger();
    /** The clock just before and just after the schedule was written: its first tick is the minute after the write. */
    volatile Instant writtenNotBefore;
    volatile Instant writtenNotAfter;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** The target: counts the pings. */
    final class Target implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ping) {
                received.incrementAndGet();
            }
        }
    }

    List<ClusterFixture.Node> cluster(String name) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        RemotingConfig remoting = RemotingConfig.builder().serialization(Serialization.builder()
                .register("cron.Ping", Ping.class).build()).build();
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int port : ports) {
            ClusterFixture.Node node = fixture.start(ClusterFixture.config(name, port,
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting).build());
            service(node).useTime(time);
            nodes.add(node);
        }
        ClusterFixture.awaitSameView(nodes, 3);
        // The target lives on the youngest member, which stays while the runner moves.
        ClusterActors.of(nodes.get(2).system).spawn(TARGET, Target::new, SpawnOptions.defaults())
                .toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> nodes.stream().allMatch(n -> ClusterActors.of(n.system).names()
                .contains(TARGET)));
        return nodes;
    }

    static ClusterCronService service(ClusterFixture.Node node) {
        return (ClusterCronService) ClusterCron.of(node.system);
    }

    /** Schedules the every-minute ping from {@code node}; notes the clock just before and after. */
    void schedule(ClusterFixture.Node node) {
        writtenNotBefore = time.now();
        ClusterCron.of(node.system).schedule(KEY, "* * * * *", ZoneOffset.UTC,
                ClusterCron.Target.namedActor(TARGET), new Ping());
        writtenNotAfter = time.now();
    }

    static long firings(List<ClusterFixture.Node> nodes) {
        return nodes.stream().mapToLong(n -> ClusterCron.of(n.system).firings()).sum();
    }

    /** Cancels from {@code from}, waits until every member dropped it and the runner's last tick was delivered. */
    void cancelAndAwaitQuiet(ClusterFixture.Node from, List<ClusterFixture.Node> members) {
        assertThat(ClusterCron.of(from.system).cancel(KEY)).isTrue();
        await().atMost(BOUND).until(() -> members.stream().allMatch(n -> ClusterCron.of(n.system).keys()
                .isEmpty()));
        // A tick recorded just before the tombstone arrived still counts in firings(); two ticks later none can.
        Instant settled = time.now().plus(2, ChronoUnit.MINUTES);
        await().atMost(BOUND).until(() -> time.now().isAfter(settled));
    }

    /**
     * Every tick from the schedule's first to the last fired either fired once, on exactly one member, or was counted
     * as skipped; and the target got one ping per firing.
     */
    void assertEachTickOnceOrCounted(List<ClusterFixture.Node> nodes) {
        List<Instant> ticks = new ArrayList<>();
        long skipped = 0;
        for (ClusterFixture.Node n : nodes) {
            service(n).recentFirings().forEach(f -> ticks.add(f.tick()));
            skipped += ClusterCron.of(n.system).skippedTicks();
        }
        Set<Instant> distinct = new HashSet<>(ticks);
        assertThat(distinct).as("ticks fired: %s", ticks).hasSameSizeAs(ticks);
        Instant last = ticks.stream().max(Instant::compareTo).orElseThrow();
        // The schedule was written between the two readings; they fall in one minute unless a tick fell between.
        long most = ChronoUnit.MINUTES.between(writtenNotBefore.truncatedTo(ChronoUnit.MINUTES), last);
        long least = ChronoUnit.MINUTES.between(writtenNotAfter.truncatedTo(ChronoUnit.MINUTES), last);
        assertThat(ticks.size() + skipped).as("ticks fired %s, skipped %s, scheduled between %s and %s", ticks,
                skipped, writtenNotBefore, writtenNotAfter).isBetween(least, most);
        await().atMost(BOUND).untilAsserted(() -> assertThat(received.get()).isEqualTo(ticks.size()));
    }

    @Test
    void aClusterWideCronFiresOncePerTickInTheClusterAndACancelOnAnyMemberStopsItEverywhere() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("cron-once");

        schedule(nodes.get(1));

        await().atMost(BOUND).until(() -> firings(nodes) >= 5);
        assertThat(nodes).allSatisfy(n -> assertThat(ClusterCron.of(n.system).keys()).containsExactly(KEY));
        assertThat(ClusterSingletons.of(nodes.get(2).system).locations())
                .containsEntry(ClusterCronService.RUNNER, nodes.get(0).cluster.self());
        assertThat(ClusterCron.of(nodes.get(1).system).firings()).isZero();
        assertThat(ClusterCron.of(nodes.get(2).system).firings()).isZero();

        cancelAndAwaitQuiet(nodes.get(2), nodes);
        long afterCancel = firings(nodes);
        Instant later = time.now().plus(3, ChronoUnit.MINUTES);
        await().atMost(BOUND).until(() -> time.now().isAfter(later));

        assertThat(firings(nodes)).isEqualTo(afterCancel);
        assertEachTickOnceOrCounted(nodes);
    }

    @Test
    void afterTheRunnersMemberLeavesTheNextTicksStillFireOncePerTick() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("cron-leave");
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        schedule(nodes.get(2));
        await().atMost(BOUND).until(() -> ClusterCron.of(first.system).firings() >= 3);

        first.cluster.leave().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        await().atMost(BOUND).until(() -> ClusterCron.of(second.system).firings() >= 3);
        assertThat(ClusterCron.of(nodes.get(2).system).firings()).isZero();
        cancelAndAwaitQuiet(second, nodes.subList(1, 3));
        assertEachTickOnceOrCounted(nodes);
    }

    @Test
    void afterTheRunnersMemberCrashesNoTickFiresTwiceAndNoneIsSkippedUncounted() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("cron-crash");
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        schedule(nodes.get(2));
        await().atMost(BOUND).until(() -> ClusterCron.of(first.system).firings() >= 3);

        first.crash();

        await().atMost(BOUND).until(() -> ClusterCron.of(second.system).firings() >= 3);
        cancelAndAwaitQuiet(second, nodes.subList(1, 3));
        List<Instant> ticks = new ArrayList<>();
        long skipped = 0;
        for (ClusterFixture.Node n : nodes) {
            service(n).recentFirings().forEach(f -> ticks.add(f.tick()));
            skipped += ClusterCron.of(n.system).skippedTicks();
        }
        assertThat(new HashSet<>(ticks)).as("ticks fired: %s", ticks).hasSameSizeAs(ticks);
        Instant last = ticks.stream().max(Instant::compareTo).orElseThrow();
        long least = ChronoUnit.MINUTES.between(writtenNotAfter.truncatedTo(ChronoUnit.MINUTES), last);
        // The cut-off runner counts the ticks it could not record; its successor may fire the last of them late.
        assertThat(ticks.size() + skipped).as("ticks fired %s, skipped %s", ticks, skipped)
                .isGreaterThanOrEqualTo(least);
        await().atMost(BOUND).untilAsserted(() -> assertThat(received.get()).isEqualTo(ticks.size()));
    }

    /**
     * The runner's member crashes while the one member left beside its successor does not answer the successor's
     * request for its replica: the successor has heard from no majority, so it could be missing a tick that member
     * recorded, and it fires nothing, through several ticks and requests asked again, until the answer comes.
     */
    @Test
    void aRunnerThatHearsFromNoMajorityOfTheMembersFiresNothingUntilItDoes() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("cron-sync");
        ClusterFixture.Node first = nodes.get(0);
        ClusterFixture.Node second = nodes.get(1);
        ClusterFixture.Node third = nodes.get(2);
        schedule(third);
        await().atMost(BOUND).until(() -> ClusterCron.of(first.system).firings() >= 2);
        service(third).withholdSyncAnswers(true);

        first.crash();
        await().atMost(BOUND).until(() -> service(second).runnerAwaitsReplicas());
        long firedBefore = ClusterCron.of(second.system).firings();
        // Three ticks, and more than one request timeout (2 s real time, two minutes on this clock), go by.
        Instant later = time.now().plus(3, ChronoUnit.MINUTES);
        await().atMost(BOUND).until(() -> time.now().isAfter(later));

        assertThat(service(second).runnerAwaitsReplicas()).isTrue();
        assertThat(ClusterCron.of(second.system).firings()).isEqualTo(firedBefore);
        assertThat(ClusterCron.of(third.system).firings()).isZero();

        service(third).withholdSyncAnswers(false);
        await().atMost(BOUND).until(() -> ClusterCron.of(second.system).firings() >= firedBefore + 2);
        assertThat(service(second).runnerAwaitsReplicas()).isFalse();
        cancelAndAwaitQuiet(second, nodes.subList(1, 3));
        List<Instant> ticks = new ArrayList<>();
        for (ClusterFixture.Node n : nodes) {
            service(n).recentFirings().forEach(f -> ticks.add(f.tick()));
        }
        assertThat(new HashSet<>(ticks)).as("ticks fired: %s", ticks).hasSameSizeAs(ticks);
        await().atMost(BOUND).untilAsserted(() -> assertThat(received.get()).isEqualTo(ticks.size()));
    }

    @Test
    void aMemberThatJoinsLaterReceivesTheSchedulesAndTheirCancels() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        RemotingConfig remoting = RemotingConfig.builder().serialization(Serialization.builder()
                .register("cron.Ping", Ping.class).build()).build();
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int port : ports.subList(0, 2)) {
            nodes.add(fixture.start(ClusterFixture.config("cron-join", port,
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting).build()));
        }
        ClusterFixture.awaitSameView(nodes, 2);
        ClusterCron.of(nodes.get(0).system).schedule(KEY, "0 3 * * *", ZoneOffset.UTC,
                ClusterCron.Target.singleton("reports"), new Ping());
        ClusterCron.of(nodes.get(1).system).schedule("other", "@hourly", ZoneOffset.UTC,
                ClusterCron.Target.namedActor(TARGET), new Ping());
        await().atMost(BOUND).until(() -> ClusterCron.of(nodes.get(0).system).keys().contains("other"));
        assertThat(ClusterCron.of(nodes.get(0).system).cancel("other")).isTrue();

        ClusterFixture.Node late = fixture.start(ClusterFixture.config("cron-join", ports.get(2),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(remoting).build());
        nodes.add(late);
        ClusterFixture.awaitSameView(nodes, 3);

        await().atMost(BOUND).untilAsserted(() -> assertThat(ClusterCron.of(late.system).keys())
                .containsExactly(KEY));
        assertThat(ClusterSingletons.of(late.system).names()).contains(ClusterCronService.RUNNER);
    }

    @Test
    void aScheduleWhoseMessageTypeIsNotRegisteredOrWhoseExpressionIsInvalidFailsAtOnce() throws Exception {
        List<ClusterFixture.Node> nodes = cluster("cron-invalid");
        ClusterCron cron = ClusterCron.of(nodes.get(0).system);

        assertThatThrownBy(() -> cron.schedule(KEY, "* * * * *", ZoneOffset.UTC,
                ClusterCron.Target.namedActor(TARGET), new Unregistered())).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> cron.schedule(KEY, "61 * * * *", ZoneOffset.UTC,
                ClusterCron.Target.namedActor(TARGET), new Ping())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute");
        assertThatThrownBy(() -> cron.schedule(KEY, "0 0 30 2 *", ZoneOffset.UTC,
                ClusterCron.Target.namedActor(TARGET), new Ping())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never fires");
        assertThat(cron.keys()).isEmpty();
        assertThat(cron.cancel(KEY)).isFalse();
    }
}
