package io.goakt.discovery;

import io.goakt.internal.discovery.EtcdDiscoveryPing;
import io.goakt.testsupport.EtcdServer;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code etcd} provider against a real etcd on 127.0.0.1: a dead member's key expires with its lease, and an
 * etcd that restarts without its data gets every member's key back (see {@link StoreDiscoveryClusterTests}).
 */
class EtcdDiscoveryClusterTest extends StoreDiscoveryClusterTests {

    private EtcdServer etcd;

    @Override
    void startServer(Path directory) throws Exception {
        etcd = EtcdServer.start(directory);
    }

    @Override
    void restartServerWithoutData() throws Exception {
        etcd.restart(false);
    }

    @Override
    void stopServer() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    Discovery discovery() {
        return EtcdDiscovery.builder().endpoints(List.of(etcd.endpoint())).ttl(TTL).build();
    }

    @Override
    List<String> memberArgs() {
        return List.of(EtcdDiscovery.TYPE, etcd.endpoint());
    }

    @Override
    void assertEntries(String cluster, int n) throws Exception {
        assertThat(etcd.keys(EtcdDiscoveryPing.clusterPrefix(EtcdDiscovery.DEFAULT_PREFIX, cluster)))
                .as("etcd keys of cluster %s", cluster).hasSize(n);
    }
}
