package io.goakt.internal.remote;

import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteMetrics;
import io.goakt.remote.RemoteStats;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's remoting totals ({@link RemoteStats}) and the application's {@link RemoteMetrics} hook, fed together so
 * that every count reaches both.
 *
 * <p>Threading: any thread. The totals are {@link LongAdder}s (senders on many threads count at once without
 * contending) and one {@link AtomicLong}; a {@link #snapshot} reads them one after the other, so under traffic it
 * is not from one instant. The failure map is filled in the constructor and only read afterwards.
 */
final class TrafficStats {

    private final RemoteMetrics metrics;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
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
    void sent(Endpoint peer, int bytes) {
        messagesSent.increment();
        bytesSent.add(bytes);
        metrics.messageSent(peer, bytes);
    }

    /** A control message was queued: counted as sent, not reported to the metrics hook. */
    void controlSent() {
        messagesSent.increment();
    }

    /** A frame of {@code bytes} carrying one envelope arrived from {@code peer}. */
    void received(Endpoint peer, int bytes) {
        messagesReceived.increment();
        bytesReceived.add(bytes);
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

    RemoteStats snapshot() {
        Map<FailureKind, Long> f = new HashMap<>();
        failures.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                f.put(k, n);
            }
        });
        return new RemoteStats(messagesSent.sum(), messagesReceived.sum(), bytesSent.sum(), bytesReceived.sum(),
                (int) openConnections.get(), f);
    }
}
