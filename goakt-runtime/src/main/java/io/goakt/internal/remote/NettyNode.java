package io.goakt.internal.remote;

import io.goakt.remote.Compression;
import io.goakt.remote.Endpoint;
import io.goakt.remote.RemotingConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node's Netty resources: the event loops, the bound server, the channels peers opened to it, and the client
 * bootstrap that opens this node's outbound connections. Every channel's pipeline comes from one
 * {@link RemoteChannelInitializer} and reports to one {@link ChannelEvents}.
 *
 * <p>Threading: any thread. The fields are final and set before the server accepts its first connection; the
 * channel attributes are Netty's (each a volatile slot), set before the connection registers with its loop.
 */
final class NettyNode {

    /** The outbound connection slot a client channel was opened for. */
    private static final AttributeKey<OutboundConnection> OWNER = AttributeKey.valueOf("goakt.remote.owner");
    /** The peer's advertised endpoint: set on connect for a client channel, by the handshake for a server one. */
    private static final AttributeKey<Endpoint> PEER = AttributeKey.valueOf("goakt.remote.peer");
    /** What a handshaken server channel has read; see {@link InboundTraffic}. */
    private static final AttributeKey<InboundTraffic> INBOUND_TRAFFIC =
            AttributeKey.valueOf("goakt.remote.inbound-traffic");
    /** Room for a few batches before the writer holds frames back (Netty's default is 32-64 KiB). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    /** What a channel whose remote address is unknown counts as, for logs and metrics. */
    private static final Endpoint UNKNOWN_PEER = new Endpoint("unknown", 1);
    private static final long CLOSE_INBOUND_SECONDS = 2;
    private static final long SHUTDOWN_QUIET_MILLIS = 50;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final RemotingConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup inbound;
    private final Endpoint self;
    private final ChannelEvents events;
    private final HandshakeSettings clientSettings;

    /**
     * Starts the event loops and binds the server of system {@code systemName}; it accepts connections from
     * {@link #startAccepting} on.
     *
     * @throws IllegalStateException when the server cannot bind (the event loops are then shut down)
     */
    NettyNode(String systemName, RemotingConfig config, ChannelEvents events) {
        this.config = config;
        this.events = events;
        this.transport = Transport.select(config.preferNio());
        this.group = transport.newGroup(config.ioThreads(), "goakt-remote-" + systemName);
        this.inbound = new DefaultChannelGroup("goakt-remote-inbound", group.next());
        List<String> offered = config.compression().stream().map(Compression::wireName).toList();
        HandshakeSettings serverSettings = new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION, systemName,
                config.advertisedHost(), config.advertisedPort(), offered, config.maxFrameSize());
        try {
            ServerBootstrap sb = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.AUTO_READ, false) // accepts nothing before startAccepting()
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RemoteChannelInitializer(false,
                            config.tls() == null ? null : config.tls()::serverContext, serverSettings, events,
                            config.heartbeatInterval().toMillis(), config.idleTimeout().toMillis(), null, 0,
                            config.maxInboundConnections()));
            this.serverChannel = sb.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty rethrows a checked BindException undeclared, and the event loop
            // threads must not outlive a failed start.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("remoting could not bind " + config.host() + ":" + config.port(), e);
        }
        int bound = boundAddress().getPort();
        this.self = new Endpoint(config.advertisedHost(), config.advertisedPort() != 0 ? config.advertisedPort() : bound);
        this.clientSettings = new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION, systemName, self.host(),
                self.port(), offered, config.maxFrameSize());
    }

    /**
     * Lets the server accept connections (bound, it queued them until now): called once the engine that the
     * channel events reach is complete. Netty runs the change on the server's event loop, after this thread's
     * writes: the task hand-off orders them.
     */
    void startAccepting() {
        serverChannel.config().setAutoRead(true);
    }

    /** Where peers reach this node: the advertised host and the bound (or advertised) port. */
    Endpoint self() {
        return self;
    }

    InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    boolean usesEpoll() {
        return transport.isEpoll();
    }

    /** The event loops, which also run the node's timers. */
    EventLoopGroup group() {
        return group;
    }

    /** Opens a client connection to {@code endpoint} for the slot {@code owner}; see {@link #owner}. */
    ChannelFuture connect(Endpoint endpoint, OutboundConnection owner) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .attr(OWNER, owner)
                .attr(PEER, endpoint)
                .handler(new RemoteChannelInitializer(true,
                        config.tls() == null ? null : config.tls()::clientContext, clientSettings, events,
                        config.heartbeatInterval().toMillis(), config.idleTimeout().toMillis(),
                        endpoint.host(), endpoint.port()));
        return b.connect(endpoint.host(), endpoint.port());
    }

    /** Runs {@code task} after {@code delay} on one of the event loops. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return group.next().schedule(task, delay, unit);
    }

    /** A server channel completed its handshake: it is closed with the node. Event loop. */
    void inboundReady(Channel channel, Endpoint peer) {
        channel.attr(PEER).set(peer);
        channel.attr(INBOUND_TRAFFIC).set(new InboundTraffic(peer));
        inbound.add(channel);
    }

    /** The counts of a handshaken server channel; null for a client channel or before the handshake. */
    static InboundTraffic inboundTraffic(Channel channel) {
        return channel.attr(INBOUND_TRAFFIC).get();
    }

    /** The counts of the inbound connections open now. Any thread. */
    List<InboundTraffic> inboundTraffic() {
        List<InboundTraffic> out = new ArrayList<>(inbound.size());
        for (Channel c : inbound) {
            InboundTraffic t = c.attr(INBOUND_TRAFFIC).get();
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** The slot a client channel was opened for; null for a server channel. */
    static OutboundConnection owner(Channel channel) {
        return channel.attr(OWNER).get();
    }

    /** The peer's advertised endpoint when known, else the channel's remote socket address. */
    static Endpoint peerOf(Channel channel) {
        Endpoint e = channel.attr(PEER).get();
        return e != null ? e : socketEndpoint(channel.remoteAddress());
    }

    /**
     * The peer as failure logs group it: its advertised endpoint when known, else the remote IP without the port
     * (which differs on every connection the peer opens).
     */
    static String peerAddress(Channel channel) {
        Endpoint e = channel.attr(PEER).get();
        if (e != null) {
            return e.toString();
        }
        return channel.remoteAddress() instanceof InetSocketAddress i ? i.getHostString() : UNKNOWN_PEER.host();
    }

    static Endpoint socketEndpoint(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getPort() > 0) {
            return new Endpoint(i.getHostString(), i.getPort());
        }
        return UNKNOWN_PEER;
    }

    /** Closes the server and the inbound channels, then stops the event loops. */
    void close() {
        serverChannel.close().syncUninterruptibly();
        inbound.close().awaitUninterruptibly(CLOSE_INBOUND_SECONDS, TimeUnit.SECONDS);
        group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
