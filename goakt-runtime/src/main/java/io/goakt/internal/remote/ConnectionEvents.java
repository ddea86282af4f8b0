package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.netty.channel.Channel;
import org.slf4j.Logger;

/**
 * The engine's side of every pipeline: connections becoming ready or closing (counted, and handed to their
 * {@link OutboundConnection} on the client side), failures (each counted, and logged through
 * {@link ConnectionFailureLog}, which summarises repeats per reason and peer), and envelopes, which go to
 * {@link Inbound}.
 *
 * <p>Threading: every method runs on a channel's event loop. The engine's parts are read through final fields of
 * the engine, complete before the server accepts its first connection and before any client connects (see
 * {@link NettyNode#startAccepting}).
 */
final class ConnectionEvents implements ChannelEvents {

    private static final Logger LOG = RemotingEngine.LOG;

    private final RemotingEngine engine;
    private final String systemName;

    ConnectionEvents(RemotingEngine engine, String systemName) {
        this.engine = engine;
        this.systemName = systemName;
    }

    @Override
    public void inboundReady(Channel channel, Hello hello) {
        Endpoint peer = hello.getPort() > 0 && !hello.getHost().isEmpty()
                ? new Endpoint(hello.getHost(), hello.getPort()) : NettyNode.socketEndpoint(channel.remoteAddress());
        engine.node.inboundReady(channel, peer);
        engine.stats.connectionOpened(peer, true);
        LOG.debug("remoting of {}: inbound connection from {} ({}) ready", systemName, peer, channel.remoteAddress());
    }

    @Override
    public void outboundReady(Channel channel, HelloAck ack) {
        engine.stats.connectionOpened(NettyNode.peerOf(channel), false);
        OutboundConnection owner = NettyNode.owner(channel);
        if (owner != null) {
            owner.peer().readsFramesUpTo(ack.getMaxFrameSize());
            owner.ready(channel);
        }
    }

    @Override
    public void envelope(Channel channel, InboundEnvelope envelope) {
        Endpoint from = NettyNode.peerOf(channel);
        try {
            engine.inbound.onEnvelope(from, envelope);
        } catch (RuntimeException e) {
            // A bug or a hostile but well-formed frame: never let it tear down the connection's peers.
            engine.stats.failure(from, FailureKind.MALFORMED_FRAME);
            engine.failureLog.failed(FailureKind.MALFORMED_FRAME, from.toString(),
                    "cannot handle an envelope from " + from, e);
        }
    }

    @Override
    public void failed(Channel channel, FailureKind failure, Throwable cause) {
        Endpoint peer = NettyNode.peerOf(channel);
        engine.stats.failure(peer, failure);
        if (failure == FailureKind.IO_ERROR) {
            LOG.debug("remoting of {}: connection {} {} failed: {}", systemName, peer, channel.remoteAddress(),
                    String.valueOf(cause));
        } else {
            engine.failureLog.failed(failure, NettyNode.peerAddress(channel), "closing connection with " + peer + " ("
                    + channel.remoteAddress() + "): " + failure + ": " + cause, null);
        }
    }

    @Override
    public void closed(Channel channel, boolean client, boolean handshaken) {
        if (handshaken) {
            engine.stats.connectionClosed(NettyNode.peerOf(channel), !client);
        }
        if (client) {
            OutboundConnection owner = NettyNode.owner(channel);
            if (owner != null) {
                owner.closed(channel);
            }
        }
    }
}
