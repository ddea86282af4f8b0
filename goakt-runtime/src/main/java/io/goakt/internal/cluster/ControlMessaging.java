package io.goakt.internal.cluster;

import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Messages of the runtime's cluster services (the named-actor registry, load reports) on the member's JGroups
 * channel, beside membership: small byte arrays, each tagged with a topic byte that picks the handler on the
 * receiving member. Unicasts are reliable and ordered per sender (UNICAST3), broadcasts likewise (NAKACK2); a
 * broadcast is not delivered to its sender. A message for a topic nobody subscribed to is dropped.
 *
 * <p>Threading: any thread may send; handlers run on JGroups' threads and must be quick (hand user code to a
 * thread of their own).
 */
public interface ControlMessaging {

    /** Receives the body of a message of one topic and the member that sent it. */
    @FunctionalInterface
    interface Handler {
        /** Called on a JGroups thread; {@code body} belongs to the handler. */
        void onMessage(Member from, byte[] body);
    }

    /** Reads a topic's bodies into its messages. */
    @FunctionalInterface
    interface Decoder<M> {
        /** The message in {@code body}; an {@link IOException} when it is malformed. */
        M decode(byte[] body) throws IOException;
    }

    /**
     * A handler that reads each body with {@code decoder} and passes the message to {@code handler}. A body that
     * cannot be read is dropped with one warning naming {@code service}, the receiving member and the sender: a
     * malformed message costs its sender that message, never the receiving service.
     */
    static <M> Handler decoding(String service, Member self, Decoder<M> decoder, BiConsumer<Member, M> handler) {
        Logger log = LoggerFactory.getLogger(ControlMessaging.class);
        return (from, body) -> {
            M message;
            try {
                message = decoder.decode(body);
            } catch (IOException e) {
                log.warn("{} of member {}: dropped a malformed message from {}: {}", service, self.id(), from.id(),
                        e.toString());
                return;
            }
            handler.accept(from, message);
        };
    }

    /** The messaging of {@code cluster}, which must be the runtime's own. */
    static ControlMessaging of(Cluster cluster) {
        if (cluster instanceof ControlMessaging m) {
            return m;
        }
        throw new IllegalArgumentException("cluster " + cluster + " is not the runtime's (made by Cluster.start)");
    }

    /**
     * Sends {@code handler} the messages of {@code topic}.
     *
     * @throws IllegalStateException when the topic has a handler already
     */
    void subscribe(byte topic, Handler handler);

    /** Sends {@code body} to {@code to}; false when {@code to} is not in the current view or the channel is closed. */
    boolean send(Member to, byte topic, byte[] body);

    /** Sends {@code body} to every other member; false when the channel is closed. */
    boolean broadcast(byte topic, byte[] body);

    /**
     * Sends {@code body} to every other member of the current view, one unicast each. Unlike {@link #broadcast}, the
     * messages stay in order with this member's other unicasts to each member (the control plane orders unicasts and
     * broadcasts apart, not against each other), and a member that joined a moment ago gets one at once.
     */
    default void sendToEachOther(byte topic, byte[] body) {
        Member self = self();
        for (Member to : view().members()) {
            if (!to.equals(self)) {
                send(to, topic, body);
            }
        }
    }

    /** This member. */
    Member self();

    /** The current view. */
    ClusterView view();
}
