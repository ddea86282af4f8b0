package io.goakt.internal.remote;

import io.goakt.remote.FailureKind;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.netty.channel.Channel;

/**
 * What the pipeline reports to the remoting engine. All methods run on the channel's event loop and must not
 * block it.
 */
public interface ChannelEvents {

    /** A server-side connection completed its handshake; {@code hello} is what the peer advertised. */
    void inboundReady(Channel channel, Hello hello);

    /** A client-side connection completed its handshake. */
    void outboundReady(Channel channel, HelloAck ack);

    /** An envelope arrived on a handshaken connection, its names resolved from the connection's keys. */
    void envelope(Channel channel, InboundEnvelope envelope);

    /**
     * The connection failed and is being closed. Called at most once per channel, so the engine can log once and
     * count it.
     */
    void failed(Channel channel, FailureKind failure, Throwable cause);

    /** The connection closed; {@code handshaken} tells whether it had completed its handshake. */
    void closed(Channel channel, boolean client, boolean handshaken);
}
