package io.goakt.internal.remote;

import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.PeerStats;
import io.goakt.remote.RemoteMetrics;
import io.goakt.remote.RemoteStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's remoting totals and traffic by peer ({@link RemoteStats}) and the application's {@link RemoteMetrics}
 * hook, fed together so that every count reaches both.
 *
 * <p>Where the counts live: what is sent is counted only on the {@link Peer} it goes to, and the totals sum the
 * peers (never removed, so the sums only grow); what is read is counted in the totals here and on the
 * {@link InboundTraffic} of the connection it came on, whose attribute lookup already finds the sender's endpoint.
 * So a message costs no map lookup and no counter more than the totals alone did, and the per-peer view holds one
 * counter pair per peer and per open inbound connection.
 *
 * <p>Threading: any thread. The totals are {@link LongAdder}s (senders on many threads count at once without
 * contending) and one {@link AtomicLong}; a {@link #snapshot} reads them one after the other, so under traffic it
 * is not from one instant. The failure map is filled in the constructor and only read afterwards.
 */
final class TrafficStats {

    private final RemoteMetrics metrics;
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final AtomicLong openConnections = new AtomicLong();
    private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);

    TrafficStats(RemoteMetrics metrics) {
        this.metrics = metrics;
        for (FailureKind k : FailureKind.values()) {
            failures.put(k, new LongAdder());
        }
    }

    /** A message of {@code bytes} on the wire was queued for {@code peer}. */
    void sent(Peer peer, int bytes) {
        peer.countSent(bytes);
        metrics.messageSent(peer.endpoint(), bytes);
    }

    /** A control message was queued for {@code peer}: counted as sent, not reported to the metrics hook. */
    void controlSent(Peer peer) {
        peer.countControlSent();
    }

    /**
     * A frame of {@code bytes} carrying one envelope arrived from {@code peer} on the inbound connection counted by
     * {@code connection}, or on a connection without one ({@code null}: a client channel).
     */
    void received(InboundTraffic connection, Endpoint peer, int bytes) {
        messagesReceived.increment();
        bytesReceived.add(bytes);
        if (connection != null) {
            connection.count(bytes);
        }
        metrics.messageReceived(peer, bytes);
    }

    void failure(Endpoint peer, FailureKind kind) {
        failures.get(kind).increment();
        metrics.failure(peer, kind);
    }

    void connectionOpened(Endpoint peer, boolean inbound) {
        openConnections.incrementAndGet();
        metrics.connectionOpened(peer, inbound);
    }

    void connectionClosed(Endpoint peer, boolean inbound) {
        openConnections.decrementAndGet();
        metrics.connectionClosed(peer, inbound);
    }

    /** The totals and the traffic by peer, from {@code peers} and the open inbound connections' counts. */
    RemoteStats snapshot(Iterable<Peer> peers, Iterable<InboundTraffic> inbound) {
        Map<FailureKind, Long> f = new HashMap<>();
        failures.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                f.put(k, n);
            }
        });
        // endpoint -> {messages sent, bytes sent, messages received, bytes received}
        Map<Endpoint, long[]> byPeer = new HashMap<>();
        long messagesSent = 0;
        long bytesSent = 0;
        for (Peer p : peers) {
            long[] c = byPeer.computeIfAbsent(p.endpoint(), e -> new long[4]);
            c[0] = p.messagesSent();
            c[1] = p.bytesSent();
            messagesSent += c[0];
            bytesSent += c[1];
        }
        for (InboundTraffic t : inbound) {
            long[] c = byPeer.computeIfAbsent(t.peer(), e -> new long[4]);
            c[2] += t.messages();
            c[3] += t.bytes();
        }
        List<PeerStats> perPeer = new ArrayList<>(byPeer.size());
        byPeer.forEach((e, c) -> perPeer.add(new PeerStats(e, c[0], c[1], c[2], c[3])));
        perPeer.sort(Comparator.comparing((PeerStats p) -> p.peer().host()).thenComparingInt(p -> p.peer().port()));
        return new RemoteStats(messagesSent, messagesReceived.sum(), bytesSent, bytesReceived.sum(),
                (int) openConnections.get(), f, perPeer);
    }
}
