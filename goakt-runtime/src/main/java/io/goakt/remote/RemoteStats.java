package io.goakt.remote;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of remoting totals since the node started, and of the traffic with each peer. Values are read one
 * after the other without a lock, so under traffic they are not from one instant.
 *
 * @param messagesSent     messages queued for peers
 * @param messagesReceived messages read from peers
 * @param bytesSent        frame bytes queued, before compression
 * @param bytesReceived    frame bytes read, after decompression
 * @param openConnections  handshaken connections open now, both directions
 * @param failures         failures by kind; kinds that never happened are absent
 * @param peers            traffic by peer, ordered by host then port: one entry per peer this node has sent to or
 *                         has an inbound connection from now; what was read over connections since closed counts
 *                         in the totals only
 */
public record RemoteStats(long messagesSent, long messagesReceived, long bytesSent, long bytesReceived,
                          int openConnections, Map<FailureKind, Long> failures, List<PeerStats> peers) {

    /** Copies the map and the list. */
    public RemoteStats {
        failures = Map.copyOf(failures);
        peers = List.copyOf(peers);
    }

    /** Failures of {@code kind}. */
    public long failures(FailureKind kind) {
        return failures.getOrDefault(kind, 0L);
    }
}
