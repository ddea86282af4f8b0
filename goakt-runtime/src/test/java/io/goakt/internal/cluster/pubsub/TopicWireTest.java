package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.Address;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The clustered topics' control-plane messages: every kind survives the round trip, hostile bytes are refused. */
class TopicWireTest {

    private static final Address RELAY = new Address("orders", "10.0.0.5", 7355, "/user/goakt-cluster-topics/relay-3");
    private static final TopicWire.Subscriber SUB = new TopicWire.Subscriber(
            new Address("orders", "10.0.0.5", 7355, "/user/billing"), 42L);

    @Test
    void everyMessageKindSurvivesTheRoundTrip() throws IOException {
        List<TopicWire> messages = List.of(
                new TopicWire.Subscribed("news", RELAY, SUB),
                new TopicWire.Unsubscribed("news", SUB),
                new TopicWire.State(List.of(new TopicWire.TopicState("news", RELAY, List.of(SUB, SUB)),
                        new TopicWire.TopicState("sport", RELAY, List.of()))),
                new TopicWire.SyncRequest());
        for (TopicWire m : messages) {
            assertThat(TopicWire.decode(TopicWire.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void aCountLargerThanTheBytesLeftIsRefusedBeforeAllocating() {
        byte[] body = {TopicWire.STATE, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThatThrownBy(() -> TopicWire.decode(body)).isInstanceOf(IOException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void trailingBytesAndUnknownTypesAreRefused() {
        byte[] sync = TopicWire.encode(new TopicWire.SyncRequest());

        assertThatThrownBy(() -> TopicWire.decode(Arrays.copyOf(sync, sync.length + 1)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TopicWire.decode(new byte[] {99})).isInstanceOf(IOException.class);
    }

    @Test
    void truncatedOrRandomBytesNeverDecodeToAnythingButAnIOException() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] state = TopicWire.encode(new TopicWire.State(List.of(new TopicWire.TopicState("news", RELAY,
                List.of(SUB)))));
        for (int i = 0; i < 2_000; i++) {
            byte[] body = Arrays.copyOf(state, random.nextInt(state.length));
            if (body.length > 0 && random.nextBoolean()) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            try {
                TopicWire.decode(body);
            } catch (IOException expected) {
                // refused, as it should be
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + Arrays.toString(body) + " threw " + e, e);
            }
        }
    }
}
