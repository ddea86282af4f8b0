package io.goakt.internal.remote;

import io.goakt.remote.FailureKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Builds the pipeline of every remoting connection, server or client side; it only adds handlers:
 * <pre>
 *   [tls]  idle  frameDecoder  frameEncoder  handler
 * </pre>
 * The handshake later puts the negotiated compression codec around the frame codec
 * ({@link CompressionCodecs#install}). {@code tls} is present when an {@link SslContext} is configured for that
 * side; a client passes the peer's host and port so the certificate's host name can be checked. The context is
 * asked for once per channel, so certificates that were reloaded since are used by every connection made after.
 *
 * <p>On the server side it also caps the connections open at once: a channel accepted beyond the cap gets no
 * handler, is reported as {@link FailureKind#TOO_MANY_CONNECTIONS} and closed at once, before TLS or any byte is
 * read. The count goes up when a channel is accepted within the cap and down when that channel closes.
 *
 * <p>Threading: immutable; the server shares one instance among its channels, a client makes one per
 * connection attempt (it names the peer). {@link #initChannel} runs on the channel's event loop.
 */
public final class RemoteChannelInitializer extends ChannelInitializer<Channel> {

    /** Name of the {@link FrameDecoder}. */
    public static final String FRAME_DECODER = "frameDecoder";
    /** Name of the {@link FrameEncoder}. */
    public static final String FRAME_ENCODER = "frameEncoder";
    /** Name of the {@link RemoteChannelHandler}. */
    public static final String HANDLER = "handler";

    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final boolean client;
    private final Supplier<SslContext> ssl;
    private final HandshakeSettings settings;
    private final ChannelEvents events;
    private final long heartbeatMillis;
    private final long idleMillis;
    private final String peerHost;
    private final int peerPort;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param client          true for outbound connections
     * @param ssl             the current TLS context for this side, asked once per channel, or {@code null} for
     *                        plain TCP
     * @param settings        the handshake settings
     * @param events          the engine
     * @param heartbeatMillis a client's heartbeat interval
     * @param idleMillis      how long a connection may read nothing before it is closed, and how long after
     *                        connecting it may take to complete its handshake
     * @param peerHost        for a client, the host it connects to (TLS checks the certificate against it)
     * @param peerPort        for a client, the port it connects to
     */
    public RemoteChannelInitializer(boolean client, Supplier<SslContext> ssl, HandshakeSettings settings, ChannelEvents events,
                                    long heartbeatMillis, long idleMillis, String peerHost, int peerPort) {
        this(client, ssl, settings, events, heartbeatMillis, idleMillis, peerHost, peerPort, Integer.MAX_VALUE);
    }

    /**
     * As the other constructor, with a cap on the channels open at once.
     *
     * @param maxConnections most channels this initializer keeps open at once (a server's inbound connections)
     */
    public RemoteChannelInitializer(boolean client, Supplier<SslContext> ssl, HandshakeSettings settings, ChannelEvents events,
                                    long heartbeatMillis, long idleMillis, String peerHost, int peerPort,
                                    int maxConnections) {
        this.client = client;
        this.ssl = ssl;
        this.settings = settings;
        this.events = events;
        this.heartbeatMillis = heartbeatMillis;
        this.idleMillis = idleMillis;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.maxConnections = maxConnections;
    }

    /** Channels open now that this initializer accepted within its cap. Any thread. */
    int openConnections() {
        return open.get();
    }

    @Override
    protected void initChannel(Channel ch) {
        if (maxConnections != Integer.MAX_VALUE) {
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                events.failed(ch, FailureKind.TOO_MANY_CONNECTIONS, new IOException("more than " + maxConnections
                        + " inbound connections open"));
                ch.close();
                return;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
        }
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            SslContext context = ssl.get();
            if (client && peerHost != null) {
                p.addLast("tls", context.newHandler(ch.alloc(), peerHost, peerPort));
            } else {
                p.addLast("tls", context.newHandler(ch.alloc()));
            }
        }
        p.addLast("idle", new IdleStateHandler(client ? heartbeatMillis : idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(FRAME_DECODER, new FrameDecoder(settings.maxFrameBytes()));
        p.addLast(FRAME_ENCODER, ENCODER);
        // The idle timeout bounds the handshake too, against a peer that trickles bytes and never completes it.
        p.addLast(HANDLER, new RemoteChannelHandler(client, settings, events,
                (int) Math.max(1, idleMillis / Math.max(1, heartbeatMillis)), idleMillis));
    }
}
