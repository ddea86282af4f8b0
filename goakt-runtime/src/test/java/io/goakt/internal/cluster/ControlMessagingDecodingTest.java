package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ControlMessaging#decoding}: what every cluster service does with the bodies of its topic. */
class ControlMessagingDecodingTest {

    private static final Member SELF = new Member("a@127.0.0.1:1#000001", "127.0.0.1", 2,
            new Endpoint("127.0.0.1", 1), Set.of(), 0);
    private static final Member PEER = new Member("b@127.0.0.1:3#000002", "127.0.0.1", 4,
            new Endpoint("127.0.0.1", 3), Set.of(), 0);

    /** Reads bodies that start with 'ok:'; anything else is malformed. */
    private static String decode(byte[] body) throws IOException {
        String s = new String(body, StandardCharsets.UTF_8);
        if (!s.startsWith("ok:")) {
            throw new IOException("not a message: " + s);
        }
        return s.substring(3);
    }

    @Test
    void aMalformedBodyIsDroppedAndTheMessagesAroundItAreHandledInOrder() {
        List<String> handled = new ArrayList<>();
        List<Member> senders = new ArrayList<>();
        ControlMessaging.Handler handler = ControlMessaging.decoding("test service", SELF,
                ControlMessagingDecodingTest::decode, (from, m) -> {
                    senders.add(from);
                    handled.add(m);
                });

        handler.onMessage(PEER, "ok:first".getBytes(StandardCharsets.UTF_8));
        handler.onMessage(PEER, "garbage".getBytes(StandardCharsets.UTF_8));
        handler.onMessage(PEER, new byte[0]);
        handler.onMessage(PEER, "ok:second".getBytes(StandardCharsets.UTF_8));

        assertThat(handled).containsExactly("first", "second");
        assertThat(senders).containsExactly(PEER, PEER);
    }
}
