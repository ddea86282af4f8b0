package io.goakt.discovery;

import io.goakt.internal.discovery.NatsDiscoveryPing;
import io.goakt.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code nats} provider against a real nats-server with JetStream on 127.0.0.1: a dead member stops answering
 * at once and its key-value entry ages out, and a server that restarts without its store gets every member's
 * answer and entry back (see {@link StoreDiscoveryClusterTests}).
 */
class NatsDiscoveryClusterTest extends StoreDiscoveryClusterTests {

    private static final Duration ANSWERS_WITHIN = Duration.ofMillis(500);

    private NatsServer nats;

    @Override
    void startServer(Path directory) throws Exception {
        nats = NatsServer.start(directory, true);
    }

    @Override
    void restartServerWithoutData() throws Exception {
        nats.restart(false);
    }

    @Override
    void stopServer() {
        if (nats != null) {
            nats.close();
        }
    }

    @Override
    Discovery discovery() {
        return NatsDiscovery.builder().servers(List.of(nats.url())).ttl(TTL).build();
    }

    @Override
    List<String> memberArgs() {
        return List.of(NatsDiscovery.TYPE, nats.url());
    }

    /** Both ways: {@code n} members answer a request, and the bucket holds {@code n} entries of the cluster. */
    @Override
    void assertEntries(String cluster, int n) throws Exception {
        try (Connection c = Nats.connect(nats.url())) {
            String subject = NatsDiscovery.DEFAULT_SUBJECT + "." + NatsDiscoveryPing.clusterToken(cluster);
            assertThat(answers(c, subject)).as("answers on %s", subject).hasSize(n);
            assertThat(keys(c, cluster)).as("key-value entries of %s", cluster).hasSize(n);
        }
    }

    private static List<byte[]> answers(Connection c, String subject) throws InterruptedException {
        List<byte[]> answers = new ArrayList<>();
        String inbox = c.createInbox();
        Subscription sub = c.subscribe(inbox);
        c.publish(subject, inbox, new byte[0]);
        long deadline = System.nanoTime() + ANSWERS_WITHIN.toNanos();
        for (long left = ANSWERS_WITHIN.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Message answer = sub.nextMessage(Duration.ofNanos(left));
            if (answer == null) {
                break;
            }
            answers.add(answer.getData());
        }
        sub.unsubscribe();
        return answers;
    }

    private static List<String> keys(Connection c, String cluster) throws Exception {
        try {
            return c.keyValue(NatsDiscoveryPing.bucketName(NatsDiscovery.DEFAULT_SUBJECT))
                    .keys(NatsDiscoveryPing.clusterToken(cluster) + ".>");
        } catch (JetStreamApiException e) {
            return List.of(); // no bucket: no entries
        }
    }
}
