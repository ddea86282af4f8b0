package io.goakt.internal.cluster;

import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;

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

    /** The current view. */
    ClusterView view();
}
