package io.goakt.internal.remote;

import io.goakt.internal.util.Limits;
import io.goakt.remote.FailureKind;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Heartbeat;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The last inbound handler of a remoting connection: runs the handshake, then hands envelopes to the engine, and
 * turns every kind of bad input into one {@link ChannelEvents#failed} call and a close of this channel only.
 *
 * <p>Handshake. The client writes {@code Hello} as soon as the channel is active (behind TLS, the {@code SslHandler}
 * holds it until TLS is up). The server answers {@code HelloAck} with the compression it chose from the client's
 * offer, then installs that codec; the client installs it on reading the ack. The client sends nothing else
 * before the ack, and the server sends nothing but heartbeat answers after it, so no byte is ever read by the
 * wrong codec. Any frame before the handshake, a second handshake, or another protocol version closes the
 * channel. The server refuses a hello whose system name, advertised host or port its own config would refuse
 * ({@link io.goakt.internal.util.Limits}), and its ack says the largest frame it reads, which the client's sends
 * then respect ({@link Peer#maxFrameSize()}).
 *
 * <p>Liveness. The idle handler in front fires reader-idle events. A server closes a connection that read nothing
 * for the idle timeout; a client sends a heartbeat each time it read nothing for a heartbeat interval, the server
 * answers it, and the client closes after {@code idleTimeout / heartbeatInterval} silent intervals in a row (before the
 * handshake, the same count bounds the wait for the server's answer). So a half-open connection is found from
 * both ends. Reader-idle events do not see a peer that sends a byte now and then and never completes a frame (a
 * slow-loris connection), so the handshake also has a deadline of its own, counted from the channel's activation:
 * a connection that is not handshaken when it passes is closed as idle, however slowly bytes still arrive.
 *
 * <p>ByteBuf ownership: none here. Inbound messages are {@link DecodedFrame}s or {@link Frame}s (decoded and
 * released by {@link FrameDecoder}); outbound writes are {@code Frame}s that {@link FrameEncoder} turns into buffers.
 *
 * <p>Threading: one instance per channel, used by its event loop only; fields are plain.
 */
public final class RemoteChannelHandler extends ChannelInboundHandlerAdapter {

    private final boolean client;
    private final HandshakeSettings settings;
    private final ChannelEvents events;
    private final int silentIntervalsAllowed;
    private final long handshakeMillis;
    private final InboundKeys keys = new InboundKeys();

    private boolean handshaken;
    private boolean failed;
    private int silentIntervals;

    /**
     * @param client                 true on the connecting side
     * @param settings               what to say and accept in the handshake
     * @param events                 the engine
     * @param silentIntervalsAllowed for a client, how many heartbeat intervals without any read close the channel
     */
    public RemoteChannelHandler(boolean client, HandshakeSettings settings, ChannelEvents events,
                                int silentIntervalsAllowed) {
        this(client, settings, events, silentIntervalsAllowed, 0);
    }

    /**
     * @param client                 true on the connecting side
     * @param settings               what to say and accept in the handshake
     * @param events                 the engine
     * @param silentIntervalsAllowed for a client, how many heartbeat intervals without any read close the channel
     * @param handshakeMillis        how long after activation the handshake must have completed, or 0 for no
     *                               deadline
     */
    public RemoteChannelHandler(boolean client, HandshakeSettings settings, ChannelEvents events,
                                int silentIntervalsAllowed, long handshakeMillis) {
        this.client = client;
        this.settings = settings;
        this.events = events;
        this.silentIntervalsAllowed = Math.max(1, silentIntervalsAllowed);
        this.handshakeMillis = handshakeMillis;
    }

    /** True once the handshake completed. */
    public boolean isHandshaken() {
        return handshaken;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (handshakeMillis > 0) {
            ctx.executor().schedule(() -> {
                if (!handshaken && ctx.channel().isActive()) {
                    fail(ctx, FailureKind.IDLE_TIMEOUT, new IOException("no handshake within " + handshakeMillis
                            + " ms of connecting"));
                }
            }, handshakeMillis, TimeUnit.MILLISECONDS);
        }
        if (client) {
            ctx.writeAndFlush(Frame.newBuilder().setHello(Hello.newBuilder()
                    .setProtocolVersion(settings.protocolVersion())
                    .setSystem(settings.system())
                    .setHost(settings.host())
                    .setPort(settings.port())
                    .addAllCompression(settings.compression())).build());
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            return; // closing: ignore what was already decoded
        }
        Frame frame;
        int bytes;
        if (msg instanceof DecodedFrame d) {
            if (d.envelope() != null && handshaken) {
                silentIntervals = 0;
                envelope(ctx, d.envelope(), d.bytes()); // the common case: an envelope read without its frame
                return;
            }
            frame = d.envelope() != null ? Frame.newBuilder().setEnvelope(d.envelope().toEnvelope()).build() : d.frame();
            bytes = d.bytes();
        } else if (msg instanceof Frame f) {
            frame = f;
            bytes = f.getSerializedSize() + FrameEncoder.LENGTH_PREFIX_BYTES;
        } else {
            fail(ctx, FailureKind.MALFORMED_FRAME, new CorruptedFrameException("not a frame: " + msg));
            return;
        }
        silentIntervals = 0;
        if (!handshaken) {
            handshake(ctx, frame);
            return;
        }
        switch (frame.getBodyCase()) {
            case ENVELOPE -> envelope(ctx, WireEnvelope.of(frame.getEnvelope()), bytes);
            case HEARTBEAT -> {
                if (!client) {
                    ctx.writeAndFlush(frame);
                }
            }
            case HELLO, HELLO_ACK -> fail(ctx, FailureKind.UNEXPECTED_FRAME,
                    new CorruptedFrameException("second handshake on an established connection"));
            case BODY_NOT_SET -> fail(ctx, FailureKind.MALFORMED_FRAME,
                    new CorruptedFrameException("frame without a body"));
        }
    }

    private void envelope(ChannelHandlerContext ctx, WireEnvelope envelope, int bytes) {
        InboundEnvelope env;
        try {
            env = keys.resolve(envelope, bytes);
        } catch (CorruptedFrameException e) {
            fail(ctx, FailureKind.MALFORMED_FRAME, e);
            return;
        }
        events.envelope(ctx.channel(), env);
    }

        private void handshake(ChannelHandlerContext ctx, Frame frame) {
        if (!client && frame.hasHello()) {
            Hello hello = frame.getHello();
            HelloAck.Builder ack = HelloAck.newBuilder()
                    .setProtocolVersion(settings.protocolVersion())
                    .setSystem(settings.system())
                    .setHost(settings.host())
                    .setPort(settings.port())
                    .setMaxFrameSize(settings.maxFrameBytes());
            String refusal = hello.getProtocolVersion() != settings.protocolVersion()
                    ? "protocol version " + hello.getProtocolVersion() + " is not " + settings.protocolVersion()
                    : helloProblem(hello);
            if (refusal != null) {
                ack.setRefusal(refusal);
                ctx.writeAndFlush(Frame.newBuilder().setHelloAck(ack).build());
                fail(ctx, FailureKind.HANDSHAKE_FAILED, new CorruptedFrameException(ack.getRefusal()));
                return;
            }
            String chosen = CompressionCodecs.choose(hello.getCompressionList(), settings.compression());
            ctx.writeAndFlush(Frame.newBuilder().setHelloAck(ack.setCompression(chosen)).build());
            CompressionCodecs.install(ctx.pipeline(), chosen, settings.maxFrameBytes());
            handshaken = true;
            events.inboundReady(ctx.channel(), hello);
        } else if (client && frame.hasHelloAck()) {
            HelloAck ack = frame.getHelloAck();
            if (!ack.getRefusal().isEmpty() || ack.getProtocolVersion() != settings.protocolVersion()) {
                fail(ctx, FailureKind.HANDSHAKE_FAILED, new CorruptedFrameException("peer refused: "
                        + (ack.getRefusal().isEmpty() ? "protocol version " + ack.getProtocolVersion()
                        : ack.getRefusal())));
                return;
            }
            if (!CompressionCodecs.SUPPORTED.contains(ack.getCompression()) && !ack.getCompression().isEmpty()) {
                fail(ctx, FailureKind.HANDSHAKE_FAILED,
                        new CorruptedFrameException("peer chose unknown compression " + ack.getCompression()));
                return;
            }
            CompressionCodecs.install(ctx.pipeline(),
                    ack.getCompression().isEmpty() ? CompressionCodecs.NONE : ack.getCompression(),
                    settings.maxFrameBytes());
            handshaken = true;
            events.outboundReady(ctx.channel(), ack);
        } else {
            fail(ctx, FailureKind.UNEXPECTED_FRAME,
                    new CorruptedFrameException(frame.getBodyCase() + " frame before the handshake"));
        }
    }

    /**
     * What the peer's hello says that this node's own config would refuse: its system name, and the host and port
     * it advertises (port 0 and no host for a node that does not serve); null when it is acceptable.
     */
    static String helloProblem(Hello hello) {
        String problem = Limits.systemNameProblem(hello.getSystem());
        if (problem == null && !hello.getHost().isEmpty()) {
            problem = Limits.hostProblem(hello.getHost(), "advertised host");
        }
        if (problem == null) {
            problem = Limits.portProblem(hello.getPort(), 0, "advertised port");
        }
        return problem;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (!client) {
                fail(ctx, FailureKind.IDLE_TIMEOUT, new IOException("nothing read within the idle timeout"));
            } else if (++silentIntervals >= silentIntervalsAllowed) {
                fail(ctx, FailureKind.IDLE_TIMEOUT, new IOException(handshaken
                        ? "no heartbeat answer within the idle timeout" : "no handshake answer within the idle timeout"));
            } else if (handshaken) {
                ctx.writeAndFlush(Frame.newBuilder()
                        .setHeartbeat(Heartbeat.newBuilder().setSentAtNanos(System.nanoTime())).build());
            }
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            fail(ctx, FailureKind.TLS_FAILED, tls.cause());
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, classify(cause), cause);
    }

    static FailureKind classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLongFrameException) {
                return FailureKind.FRAME_TOO_LARGE;
            }
            if (t instanceof SSLException) {
                return FailureKind.TLS_FAILED;
            }
            if (t instanceof CorruptedFrameException) {
                return FailureKind.MALFORMED_FRAME;
            }
        }
        if (cause instanceof DecoderException) {
            return FailureKind.MALFORMED_FRAME;
        }
        return FailureKind.IO_ERROR;
    }

    private void fail(ChannelHandlerContext ctx, FailureKind failure, Throwable cause) {
        if (!failed) {
            failed = true;
            events.failed(ctx.channel(), failure, cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        events.closed(ctx.channel(), client, handshaken);
        super.channelInactive(ctx);
    }
}
