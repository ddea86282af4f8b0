package io.goakt.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.discovery.StaticDiscovery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterStartTest {

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(30));
        }
    }

    private ActorSystem system(String name) {
        ActorSystem s = ActorSystem.create(name);
        systems.add(s);
        return s;
    }

    private static ClusterConfig config(int port) {
        return ClusterFixture.config("start", port, StaticDiscovery.of(List.of())).build();
    }

    @Test
    void subscribersReachTheMembershipWhileTheFirstViewIsPublished() throws Exception {
        int port = ClusterFixture.freePorts(1).get(0);
        ActorSystem system = system("reach");
        List<Optional<Cluster>> seen = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(MemberJoined.class, e -> seen.add(Cluster.of(system)));

        Cluster cluster = Cluster.start(system, config(port));

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).containsSame(cluster);
    }

    @Test
    void aFailedJoinLeavesTheMembershipDownAndALaterStartJoins() throws Exception {
        int port = ClusterFixture.freePorts(1).get(0);
        ActorSystem system = system("retry");
        try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Cluster.start(system, config(port)))
                    .isInstanceOf(ClusterJoinException.class)
                    .hasMessageContaining("could not start on 127.0.0.1:" + port);
        }
        Cluster down = Cluster.of(system).orElseThrow();
        assertThat(down.isUp()).isFalse();

        Cluster up = Cluster.start(system, config(port));

        assertThat(up).isSameAs(down);
        assertThat(up.isUp()).isTrue();
        assertThat(up.view().members()).containsExactly(up.self());
    }
}
