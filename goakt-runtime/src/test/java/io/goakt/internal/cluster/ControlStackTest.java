package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterConfig;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ControlStackTest {

    @Test
    void aPortAdvertisedOnTheBoundHostIsWhatTheTransportAndTheFailureDetectorAdvertise() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Protocol> stack = build(ClusterConfig.builder().clusterName("advertised").port(7800)
                .advertisedPort(17800).build(), loopback);

        TCP tcp = (TCP) stack.get(0);
        assertThat(tcp.getExternalAddr()).isEqualTo(loopback);
        assertThat(tcp.getExternalPort()).isEqualTo(17800);
        FD_SOCK2 sockets = stack.stream().filter(FD_SOCK2.class::isInstance).map(FD_SOCK2.class::cast)
                .findFirst().orElseThrow();
        assertThat(sockets.getExternalAddress()).isEqualTo(loopback);
    }

    @Test
    void withNothingAdvertisedTheTransportAdvertisesWhatItBinds() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Protocol> stack = build(ClusterConfig.builder().clusterName("bound").port(7800).build(), loopback);

        TCP tcp = (TCP) stack.get(0);
        assertThat(tcp.getExternalAddr()).isNull();
        assertThat(tcp.getExternalPort()).isZero();
    }

    private static List<Protocol> build(ClusterConfig config, InetAddress host) {
        return ControlStack.build(config, host, host, null, new DownedMembers(Set.of()),
                new SuspectRelay(suspects -> { }), new SocketWitness(closed -> { }));
    }
}
