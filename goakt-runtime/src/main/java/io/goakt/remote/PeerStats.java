package io.goakt.remote;

/**
 * Remoting traffic with one peer, part of {@link RemoteStats}. Values are read one after the other without a lock,
 * so under traffic they are not from one instant.
 *
 * @param peer             the peer's advertised endpoint
 * @param messagesSent     messages queued for the peer since this node first sent to it, control messages included
 * @param bytesSent        frame bytes of those messages, control messages left out, before compression
 * @param messagesReceived messages read from the peer over the inbound connections it has open now
 * @param bytesReceived    frame bytes of those messages, after decompression
 */
public record PeerStats(Endpoint peer, long messagesSent, long bytesSent, long messagesReceived,
                        long bytesReceived) {
}
