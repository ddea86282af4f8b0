package io.goakt.internal.cluster;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The protocol that keeps downed members out: directly above the transport, it drops every message and batch whose
 * sender this member knows was downed, and answers the sender, about once a second at most, with a notice that it was
 * downed.
 *
 * <p>Why a filter rather than a check in {@code AUTH}: a downed member that was cut off still believes it is in the
 * cluster. When the cut heals, {@code MERGE3} on either side could start the merge, and {@code AUTH} only sees the
 * merge request of the side that did not start it. Dropping everything from a downed address below {@code MERGE3}
 * means no member learns the downed member's view (so none starts a merge with it) and none answers its merge
 * request (so its own merge attempt times out). The notice is what the downed member hears instead: a control
 * message of topic {@link Downing#TOPIC} naming its own address, sent below the reliable protocols (so nothing
 * waits for an acknowledgement the filter would drop); it carries none of their headers, so every protocol of the
 * receiver's stack passes it up to the channel.
 *
 * <p>The set only grows: a downed address is never used again (a restarted member has a new address), and downing
 * is an operator's action, so the set stays small. Members hold the downed addresses they were told of; a member
 * that joins later does not learn earlier ones.
 *
 * <p>Threading: {@link #up(Message)} and {@link #up(MessageBatch)} run on the transport's threads. The downed set is
 * concurrent and {@link Downing} adds to it on any thread: an add happens-before every {@code contains} that sees
 * it (the concurrent set's put and get pair).
 */
final class DownedMembers extends Protocol {

    private static final long NOTICE_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The downed addresses, shared with {@link Downing}, which outlives a stack that failed to join. */
    private final Set<Address> downed;
    /**
     * When each downed address was last sent a notice, by {@link System#nanoTime()}. Read and put without a lock:
     * two transport threads may both send a notice, which is harmless.
     */
    private final Map<Address, Long> lastNotice = new ConcurrentHashMap<>();

    /** @param downed a concurrent set of the addresses whose messages to drop */
    DownedMembers(Set<Address> downed) {
        this.downed = downed;
    }

    /** True when {@code member} was downed. */
    boolean contains(Address member) {
        return member != null && downed.contains(member);
    }

    @Override
    public Object up(Message msg) {
        Address src = msg.getSrc();
        if (contains(src)) {
            notice(src);
            return null;
        }
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        Address sender = batch.sender();
        if (contains(sender)) {
            notice(sender);
            return;
        }
        up_prot.up(batch);
    }

    private void notice(Address member) {
        long now = System.nanoTime();
        Long last = lastNotice.get(member);
        if (last != null && now - last < NOTICE_GAP_NANOS) {
            return;
        }
        lastNotice.put(member, now);
        byte[] body = encode(member);
        byte[] bytes = new byte[body.length + 1];
        // The receiver's ControlTopics reads the topic from the first byte, as in every control message.
        bytes[0] = Downing.TOPIC;
        System.arraycopy(body, 0, bytes, 1, body.length);
        Message notice = new BytesMessage(member, bytes);
        if (getAddress() != null) {
            notice.setSrc(getAddress());
        }
        try {
            down_prot.down(notice);
        } catch (RuntimeException e) {
            ClusterNode.LOG.debug("notice to downed member {} not sent: {}", member, e.toString());
        }
    }

    /** {@code member}'s address: the body of a down request and of a notice. */
    static byte[] encode(Address member) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Util.writeAddress(member, out);
        } catch (IOException e) {
            throw new IllegalStateException("address " + member + " cannot be written", e);
        }
        return bytes.toByteArray();
    }

    /** The address in a body that {@link #encode} wrote; null when it cannot be read. */
    static Address decode(byte[] body) {
        try {
            return Util.readAddress(new DataInputStream(new ByteArrayInputStream(body)));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }
}
