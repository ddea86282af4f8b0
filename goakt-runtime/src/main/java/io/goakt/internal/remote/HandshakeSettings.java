package io.goakt.internal.remote;

import java.util.List;

/**
 * What this node says and accepts in a handshake.
 *
 * @param protocolVersion the wire protocol version; peers with another version are refused
 * @param system          this node's actor system name
 * @param host            the host peers should use to reach this node
 * @param port            the port peers should use to reach this node
 * @param compression     as a client, the codecs to offer, best first; as a server, the codecs it accepts
 * @param maxFrameBytes   the largest frame accepted or sent
 */
public record HandshakeSettings(int protocolVersion, String system, String host, int port, List<String> compression,
                                int maxFrameBytes) {

    /**
     * The protocol version this build speaks. 2: envelopes may name their sender, receiver and type id by a key
     * bound earlier on the connection (see {@code OutboundKeys}), which a version 1 reader would not understand.
     */
    public static final int PROTOCOL_VERSION = 2;

    /** Copies the list. */
    public HandshakeSettings {
        compression = List.copyOf(compression);
    }
}
