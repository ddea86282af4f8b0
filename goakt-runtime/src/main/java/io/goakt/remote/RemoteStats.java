package io.goakt.remote;

import java.util.Map;

/**
 * A snapshot of remoting totals since the node started. Values are read one after the other without a lock, so
 * under traffic they are not from one instant.
 *
 * @param messagesSent     messages queued for peers
 * @param messagesReceived messages read from peers
 * @param bytesSent        frame bytes queued, before compression
 * @param bytesReceived    frame bytes read, after decompression
 * @param openConnections  handshaken connections open now, both directions
 * @param failures         failures by kind; kinds that never happened are absent
 */
public record RemoteStats(long messagesSent, long messagesReceived, long bytesSent, long bytesReceived,
                          int openConnections, Map<FailureKind, Long> failures) {

    /** Copies the map. */
    public RemoteStats {
        failures = Map.copyOf(failures);
    }

    /** Failures of {@code kind}. */
    public long failures(FailureKind kind) {
        return failures.getOrDefault(kind, 0L);
    }
}
