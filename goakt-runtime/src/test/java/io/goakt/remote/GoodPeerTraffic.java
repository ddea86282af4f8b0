package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.remote.Messages.Numbered;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a good peer sends to a node under attack in the attack tests: tells in batches, each closed by an ask. */
final class GoodPeerTraffic {

    /** Tells between two asks. */
    static final int BATCH = 1_000;

    private GoodPeerTraffic() {
    }

    /**
     * Tells {@code count} {@link Numbered} messages to {@code sink} in batches of {@value #BATCH}, each batch closed by
     * a {@link Ping} that must be answered with {@code phase} within 30 s; returns the messages sent a second.
     */
    static double send(ActorRef sink, String phase, int count) throws Exception {
        long start = System.nanoTime();
        for (int sent = 0; sent < count; ) {
            int n = Math.min(BATCH, count - sent);
            for (int i = 0; i < n; i++) {
                sink.tell(new Numbered(sent + i));
            }
            sent += n;
            assertThat(sink.ask(new Ping(phase), Duration.ofSeconds(30)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)).isEqualTo(new Pong(phase));
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
