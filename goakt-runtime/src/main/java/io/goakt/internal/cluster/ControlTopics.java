package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.View;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@link ControlMessaging} of a {@link ClusterNode}: the topic byte leads each message's bytes, and a table of
 * 256 handlers picks the receiver.
 *
 * <p>Threading: handlers are set with a CAS on the array element and read with a volatile load (which pairs with
 * that CAS), so a handler subscribed before a message arrives sees it; sends go straight to the channel, which is
 * thread-safe.
 */
final class ControlTopics {

    private final AtomicReferenceArray<ControlMessaging.Handler> handlers = new AtomicReferenceArray<>(256);

    void subscribe(byte topic, ControlMessaging.Handler handler) {
        if (!handlers.compareAndSet(topic & 0xff, null, handler)) {
            throw new IllegalStateException("control topic " + (topic & 0xff) + " has a handler already");
        }
    }

    /** Hands a received message to its topic's handler; drops one without goakt metadata or handler. */
    void deliver(Message msg) {
        Member from = MemberAddresses.decode(msg.getSrc());
        if (from == null || !msg.hasArray() || msg.getLength() < 1) {
            return;
        }
        byte[] bytes = msg.getArray();
        int offset = msg.getOffset();
        ControlMessaging.Handler handler = handlers.get(bytes[offset] & 0xff);
        if (handler != null) {
            handler.onMessage(from, Arrays.copyOfRange(bytes, offset + 1, offset + msg.getLength()));
        }
    }

    static boolean send(JChannel channel, Member to, byte topic, byte[] body) {
        Address dest = null;
        if (to != null) {
            View view = channel.getView();
            for (Address a : view != null ? view.getMembers() : java.util.List.<Address>of()) {
                if (to.equals(MemberAddresses.decode(a))) {
                    dest = a;
                    break;
                }
            }
            if (dest == null) {
                return false;
            }
        }
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = topic;
        System.arraycopy(body, 0, bytes, 1, body.length);
        try {
            channel.send(new BytesMessage(dest, bytes));
            return true;
        } catch (Exception e) {
            ClusterNode.LOG.debug("control message to {} not sent: {}", to != null ? to.id() : "all", e.toString());
            return false;
        }
    }
}
