package io.goakt.remote;

/** What went wrong on one connection or with one frame; counted by {@link RemoteMetrics#failure}. */
public enum FailureKind {
    /** A frame's length exceeded the maximum frame size. */
    FRAME_TOO_LARGE,
    /** Bytes that were not a valid frame. */
    MALFORMED_FRAME,
    /** A frame before the handshake, or a second handshake. */
    UNEXPECTED_FRAME,
    /** Another protocol version, or a refusal. */
    HANDSHAKE_FAILED,
    /** TLS failed: no certificate, an untrusted one, or not TLS. */
    TLS_FAILED,
    /** The connection read nothing for the idle timeout (half-open or stalled). */
    IDLE_TIMEOUT,
    /** A connection attempt failed. */
    CONNECT_FAILED,
    /** The socket failed. */
    IO_ERROR,
    /** An inbound payload had an unknown type id or invalid bytes; it became a dead letter. */
    UNKNOWN_TYPE,
    /** A message could not be sent: the peer stayed unreachable, or its backlog was full. */
    UNDELIVERED,
    /** An inbound connection beyond {@link RemotingConfig#maxInboundConnections()}; it was closed at once. */
    TOO_MANY_CONNECTIONS
}
