package io.goakt.discovery;

import io.goakt.testsupport.NatsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code nats} provider through the shared {@link DiscoveryConformance} suite, against a real nats-server on
 * 127.0.0.1 with JetStream (request/reply and the key-value bucket both in play).
 */
class NatsDiscoveryConformanceTest extends DiscoveryConformance {

    @TempDir
    Path dir;

    private NatsServer nats;

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) throws Exception {
        nats = NatsServer.start(dir, true);
        return NatsDiscovery.builder()
                .servers(List.of(nats.url()))
                .ttl(Duration.ofSeconds(3))
                .build();
    }

    @AfterEach
    void stopNats() {
        if (nats != null) {
            nats.close();
        }
    }
}
