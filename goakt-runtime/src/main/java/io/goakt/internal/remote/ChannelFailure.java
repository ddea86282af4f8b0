package io.goakt.internal.remote;

/** Why the remoting layer closed one connection (or refused one frame). */
public enum ChannelFailure {
    /** A frame's length exceeded the configured maximum. */
    FRAME_TOO_LARGE,
    /** Bytes that were not a valid frame: bad length, not protobuf, or an empty frame. */
    MALFORMED_FRAME,
    /** A frame other than the handshake arrived before the handshake, or a second handshake arrived. */
    UNEXPECTED_FRAME,
    /** The peer spoke another protocol version, or refused ours. */
    HANDSHAKE_FAILED,
    /** The TLS handshake failed (no certificate, an untrusted one, or not TLS at all). */
    TLS_FAILED,
    /** Nothing was read for longer than the idle timeout: a half-open or stalled connection. */
    IDLE_TIMEOUT,
    /** A connection attempt failed. */
    CONNECT_FAILED,
    /** The socket failed (reset, broken pipe). */
    IO_ERROR,
    /** A payload named a type id that is not registered, or its bytes did not decode. */
    UNKNOWN_TYPE
}
