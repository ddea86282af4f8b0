package io.goakt.discovery;

import io.goakt.testsupport.NatsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code nats} provider through the shared {@link DiscoveryConformance} suite against a nats-server without
 * JetStream: members find each other by request/reply alone.
 */
class NatsRequestReplyConformanceTest extends DiscoveryConformance {

    @TempDir
    Path dir;

    private NatsServer nats;

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) throws Exception {
        nats = NatsServer.start(dir, false);
        return NatsDiscovery.builder().servers(List.of(nats.url())).build();
    }

    @AfterEach
    void stopNats() {
        if (nats != null) {
            nats.close();
        }
    }
}
