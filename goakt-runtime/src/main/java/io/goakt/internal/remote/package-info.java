/**
 * Remoting internals, behind the public {@link io.goakt.remote.Remoting}: {@link RemotingEngine} builds one part per
 * concern and answers the public API from them.
 * <ul>
 *   <li>Transport: {@code NettyNode} (event loops, server, client bootstrap), {@link Transport} (epoll or NIO) and
 *       the pipeline ({@link RemoteChannelInitializer}: {@link FrameDecoder}, {@link FrameEncoder},
 *       {@link RemoteChannelHandler} with the handshake and heartbeats, {@link CompressionCodecs}), reporting to
 *       {@code ConnectionEvents}.</li>
 *   <li>Connections: {@code Peers}, {@code Peer}, {@code OutboundConnection}, written through a
 *       {@link CoalescingWriter} with per-connection keys ({@link OutboundKeys}, read back by
 *       {@link InboundKeys}); a tell travels as an {@code OutboundTell} and arrives as a {@link WireEnvelope},
 *       neither a protobuf message.</li>
 *   <li>Protocols: {@code Outbound} (tell, ask, reply, request, control), {@code PendingReplies} and
 *       {@code ReplyRouter} (ask correlation), {@code Inbound} (decoding and local delivery),
 *       {@code RemoteDeathWatch} and {@code WatchedRemoteActors} (death watch), {@code RemoteRequests} (lookup,
 *       spawn, stop).</li>
 *   <li>Refs: {@link RemoteActorRef} and {@code RefCodec} (wire data and {@code goakt://} text).</li>
 *   <li>Totals and traffic by peer: {@code TrafficStats}, {@code Peer}'s send counts, {@code InboundTraffic}.</li>
 * </ul>
 * The generated wire classes are in {@code io.goakt.internal.remote.proto}. The parts reach the actor system only
 * through {@link io.goakt.internal.actor.InternalActorSystem} and refs through
 * {@link io.goakt.internal.actor.InternalActorRef}. Not for applications.
 */
package io.goakt.internal.remote;
