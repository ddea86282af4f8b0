package io.goakt.discovery;

import io.goakt.testsupport.EtcdServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@code etcd} provider through the shared {@link DiscoveryConformance} suite, against a real etcd on 127.0.0.1. */
class EtcdDiscoveryConformanceTest extends DiscoveryConformance {

    @TempDir
    Path dir;

    private EtcdServer etcd;

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) throws Exception {
        etcd = EtcdServer.start(dir);
        return EtcdDiscovery.builder()
                .endpoints(List.of(etcd.endpoint()))
                .ttl(Duration.ofSeconds(3))
                .build();
    }

    @AfterEach
    void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }
}
