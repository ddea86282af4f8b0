package io.goakt.testkit;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;
import io.goakt.grain.Grains;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestClusterTest {

    static final Duration ASK = Duration.ofSeconds(20);

    /** Counts "inc" and answers the count on "inc" and "get". */
    static final class Counter implements Grain {
        private int count;

        @Override
        public void receive(GrainContext ctx) {
            if ("inc".equals(ctx.message())) {
                count++;
            }
            ctx.respond(count);
        }
    }

    /** Strings and ints on the wire, without a JSON library on the test class path. */
    static RemotingConfig remoting() {
        return RemotingConfig.builder().serialization(Serialization.builder()
                .register("test.String", String.class, new Serializer<String>() {
                    @Override
                    public byte[] toBytes(String value) {
                        return value.getBytes(StandardCharsets.UTF_8);
                    }

                    @Override
                    public String fromBytes(byte[] bytes, Class<String> type) {
                        return new String(bytes, StandardCharsets.UTF_8);
                    }
                })
                .register("test.Integer", Integer.class, new Serializer<Integer>() {
                    @Override
                    public byte[] toBytes(Integer value) {
                        return ByteBuffer.allocate(4).putInt(value).array();
                    }

                    @Override
                    public Integer fromBytes(byte[] bytes, Class<Integer> type) {
                        return ByteBuffer.wrap(bytes).getInt();
                    }
                }).build()).build();
    }

    static TestCluster counters(int size) throws Exception {
        return TestCluster.builder(size)
                .configure((i, config) -> config.remoting(remoting()))
                .onEachMember((i, system) -> Grains.of(system).register("counter", Counter::new))
                .start()
                .awaitUp();
    }

    static GrainRef counter(ActorSystem system, String id) {
        return Grains.of(system).ref("counter", id);
    }

    @Test
    void membersMeetAndEachGrainHasOneActivationReachedFromEveryMember() throws Exception {
        try (TestCluster cluster = counters(3)) {
            Set<Integer> hosts = new HashSet<>();
            for (int g = 0; g < 12; g++) {
                String id = "c" + g;
                for (int i = 0; i < 3; i++) {
                    Object count = counter(cluster.member(i), id).ask("inc", ASK).toCompletableFuture().get();
                    assertThat(count).isEqualTo(i + 1);
                }
                hosts.add(cluster.whereActive(GrainIdentity.of("counter", id)).orElseThrow());
            }
            assertThat(hosts).as("members hosting the 12 grains").hasSizeGreaterThan(1);
        }
    }

    @Test
    void aGrainProbeOnOneMemberTalksToAGrainActiveOnAnother() throws Exception {
        try (TestCluster cluster = counters(2)) {
            GrainIdentity id = GrainIdentity.of("counter", "probed");
            counter(cluster.member(0), id.id()).ask("get", ASK).toCompletableFuture().get();
            int host = cluster.whereActive(id).orElseThrow();
            int other = 1 - host;
            GrainProbe remote = cluster.grainProbe(other);
            GrainProbe local = cluster.grainProbe(host);

            remote.send(counter(cluster.member(other), id.id()), "inc");
            remote.expectResponse(1);
            assertThat(local.ask(counter(cluster.member(host), id.id()), "get")).isEqualTo(1);

            Grains.of(cluster.member(host)).deactivate(id).toCompletableFuture().get();
            local.expectDeactivated(id);
            remote.send(counter(cluster.member(other), id.id()), "inc");
            remote.expectResponse(1); // a fresh activation: the count was not stored
            local.expectActivated(id);
        }
    }

    @Test
    void aCrashedMembersGrainsReactivateOnTheOthers() throws Exception {
        try (TestCluster cluster = counters(3)) {
            GrainIdentity id = GrainIdentity.of("counter", "moving");
            counter(cluster.member(0), id.id()).ask("inc", ASK).toCompletableFuture().get();
            int host = cluster.whereActive(id).orElseThrow();
            int asker = (host + 1) % 3;

            cluster.crash(host);
            cluster.awaitUp();

            assertThat(counter(cluster.member(asker), id.id()).ask("get", ASK).toCompletableFuture().get())
                    .isEqualTo(0);
            assertThat(cluster.whereActive(id).orElseThrow()).isNotEqualTo(host);
            assertThatThrownBy(() -> cluster.grainProbe(host))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSettingTheTestClusterOwnsCannotBeGivenAgain() {
        assertThatThrownBy(() -> TestCluster.builder(1).configure((i, c) -> c.port(7800)).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> TestCluster.builder(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
    }
}
