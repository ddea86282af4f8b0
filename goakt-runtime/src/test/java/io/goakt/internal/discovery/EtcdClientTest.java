package io.goakt.internal.discovery;

import io.goakt.testsupport.EtcdServer;
import io.goakt.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EtcdClient} against a real etcd on 127.0.0.1 through its JSON gateway. */
class EtcdClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void aPutKeyIsListedUnderItsPrefixUntilItsLeaseIsRevoked() throws Exception {
        try (EtcdServer etcd = EtcdServer.start(dir)) {
            EtcdClient client = client(List.of(etcd.endpoint()), null, null);
            long lease = client.grant(5);
            client.put("/goakt/a/1", bytes("one"), lease);
            client.put("/goakt/b/1", bytes("other prefix"), lease);

            List<EtcdClient.Entry> entries = client.range("/goakt/a/");
            assertThat(entries).extracting(EtcdClient.Entry::key).containsExactly("/goakt/a/1");
            assertThat(new String(entries.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(client.keepAlive(lease)).isPositive();

            client.revoke(lease);
            assertThat(client.range("/goakt/")).isEmpty();
            assertThat(client.keepAlive(lease)).as("the ttl etcd reports for a lease it does not know").isZero();
        }
    }

    @Test
    void aCallMovesOnToTheNextEndpointWhenOneCannotBeReached() throws Exception {
        try (EtcdServer etcd = EtcdServer.start(dir)) {
            String nobody = "http://127.0.0.1:" + FreePorts.tcp();
            EtcdClient client = client(List.of(nobody, etcd.endpoint()), null, null);

            client.put("/goakt/x", bytes("v"), client.grant(5));

            assertThat(client.range("/goakt/")).hasSize(1);
        }
    }

    @Test
    void noEndpointAnsweringFailsNamingThemAll() {
        String nobody = "http://127.0.0.1:" + FreePorts.tcp();
        EtcdClient client = client(List.of(nobody), null, null);

        assertThatThrownBy(() -> client.range("/goakt/"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no etcd endpoint of [" + nobody + "] answered /v3/kv/range");
    }

    @Test
    void withAuthenticationOnTheRightPasswordIsLetInAndAWrongOneIsRefused() throws Exception {
        try (EtcdServer etcd = EtcdServer.start(dir)) {
            etcd.enableAuth("s3cret");

            EtcdClient root = client(List.of(etcd.endpoint()), "root", "s3cret");
            root.put("/goakt/x", bytes("v"), root.grant(5));
            assertThat(root.range("/goakt/")).hasSize(1);

            EtcdClient intruder = client(List.of(etcd.endpoint()), "root", "wrong");
            assertThatThrownBy(() -> intruder.range("/goakt/"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("etcd refused user 'root'");
            EtcdClient anonymous = client(List.of(etcd.endpoint()), null, null);
            assertThatThrownBy(() -> anonymous.range("/goakt/")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theRangeEndOfAPrefixRaisesItsLastByte() {
        assertThat(EtcdClient.rangeEnd(bytes("/a/"))).isEqualTo(bytes("/a0"));
        assertThat(EtcdClient.rangeEnd(new byte[] {'a', (byte) 0xff})).isEqualTo(bytes("b"));
        assertThat(EtcdClient.rangeEnd(new byte[] {(byte) 0xff})).isEqualTo(new byte[] {0});
    }

    private static EtcdClient client(List<String> endpoints, String user, String password) {
        return new EtcdClient(endpoints.stream().map(URI::create).toList(), user, password, null, TIMEOUT);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
