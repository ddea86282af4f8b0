package io.goakt.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.LocalActorSystem;
import io.goakt.internal.remote.ChannelEvents;
import io.goakt.internal.remote.FrameEncoder;
import io.goakt.internal.remote.HandshakeSettings;
import io.goakt.internal.remote.InboundEnvelope;
import io.goakt.internal.remote.RemoteChannelInitializer;
import io.goakt.internal.remote.Transport;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.DeathNotification;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.goakt.internal.remote.proto.LookupRequest;
import io.goakt.internal.remote.proto.LookupResponse;
import io.goakt.internal.remote.proto.SpawnRequest;
import io.goakt.internal.remote.proto.SpawnResponse;
import io.goakt.internal.remote.proto.StopRequest;
import io.goakt.internal.remote.proto.StopResponse;
import io.goakt.internal.remote.proto.Unwatch;
import io.goakt.internal.remote.proto.Watch;
import io.goakt.serialization.ActorRefResolver;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import io.goakt.serialization.Serializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's remoting: its server, its connections to peers, and the routing that makes a {@link RemoteActorRef}
 * behave like a local ref. One per actor system, as an extension: start it with {@link #start}; it closes itself
 * when the system shuts down (after every actor stopped, so their last death notifications still go out).
 *
 * <p><b>The problem.</b> Two systems in different JVMs must exchange messages, asks, death-watch notifications and
 * a few requests (lookup, spawn, stop) without either trusting the other's bytes, and without one bad connection
 * hurting the others.
 *
 * <p><b>The approach.</b> Outbound and inbound traffic use separate connections, as in Pekko Artery: a node sends
 * only on connections it opened (a small pool per peer, {@link Peer}/{@link OutboundConnection}) and reads only on
 * connections peers opened to its server. A reply or a death notification therefore travels on the replier's own
 * outbound connection, addressed by the endpoint carried in the request's sender. Every frame is a length-prefixed
 * protobuf {@code Frame} (see {@code remote.proto}; envelopes name repeated senders, receivers and type ids by
 * per-connection keys, see {@code OutboundKeys}); a connection starts with a Hello/HelloAck handshake
 * (protocol version, system name, compression). Payloads are typed by ids from the application's
 * {@link Serialization} allow-list, never by class names.
 *
 * <p><b>Asks.</b> An ask registers a pending entry under a fresh correlation id and sends the message with that
 * id; the receiving node hands its actor a sender ref that answers by id. The entry is removed by the reply, by
 * its timeout, or when the connection it went out on is lost (the ask then fails with
 * {@link RemoteUnreachableException}). A local temporary sender (the ref behind {@code ActorRef.ask} or a
 * context's ask) gets the same treatment, its entry kept for {@link RemotingConfig#replyTimeout()}.
 *
 * <p><b>Death watch.</b> Watching a remote ref sends a Watch; the remote node registers a proxy ref as a watcher
 * of its local actor, whose death notification comes back as a frame. If the peer stays unreachable for
 * {@link RemotingConfig#unreachableAfter()}, every watcher of its actors gets {@code Terminated} at once.
 *
 * <p><b>Concurrency.</b> Sends run on the caller's thread up to the point of queueing a frame; everything inbound
 * runs on Netty event loops and never blocks them (spawn and stop requests run on the common pool). Shared maps
 * are concurrent; each connection has its own small lock.
 *
 * <p>Threading: every public method may be called by any thread.
 */
public final class Remoting implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Remoting.class);
    private static final AttributeKey<OutboundConnection> OWNER = AttributeKey.valueOf("goakt.remote.owner");
    private static final AttributeKey<Endpoint> PEER = AttributeKey.valueOf("goakt.remote.peer");
    private static final String TEMP_PATH = "/temp/remote-ask";
    private static final int LOCAL_REF_CACHE_LIMIT = 10_000;
    private static final String FAILURE_TYPE = "goakt.Failure";
    private static final String NOT_ALIVE_TYPE = "goakt.ActorNotAlive";

    private final ActorSystem system;
    private final RemotingConfig config;
    private final Serialization serialization;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup inbound;
    private final Endpoint self;
    private final HandshakeSettings clientSettings;
    private final Events events = new Events();
    private final Refs refs = new Refs();

    private final ConcurrentHashMap<Endpoint, Peer> peers = new ConcurrentHashMap<>();
    /** Local senders as the wire carries them; see {@link #localData}. */
    private final ConcurrentHashMap<ActorRef, ActorRefData> localRefData = new ConcurrentHashMap<>();
    /**
     * Live local actors that messages from the network were delivered to, by path: resolving a path per message
     * showed in profiles. An entry is used only while its actor is not known to be stopping (else the path is looked
     * up again, and a new actor of that name replaces the entry); the cache is bounded by clearing it when full.
     */
    private final ConcurrentHashMap<String, ActorRef> inboundTargets = new ConcurrentHashMap<>();
    /** The sender of every ask: replies are routed by correlation id to this node's temporary path. */
    private final ActorRefData tempData;
    private final PendingReplies pending;
    private final ConcurrentHashMap<RemoteActorRef, Set<ActorRef>> watched = new ConcurrentHashMap<>();
    private final Set<String> undecodableLogged = ConcurrentHashMap.newKeySet();

    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final AtomicLong openConnections = new AtomicLong();
    private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
    private volatile boolean closed;

    private Remoting(ActorSystem system, RemotingConfig config) {
        this.system = system;
        this.config = config;
        for (FailureKind k : FailureKind.values()) {
            failures.put(k, new LongAdder());
        }
        this.serialization = builtins().registerAll(config.serialization()).build();
        this.transport = Transport.select(config.preferNio());
        this.group = transport.newGroup(config.ioThreads(), "goakt-remote-" + system.name());
        this.inbound = new DefaultChannelGroup("goakt-remote-inbound", group.next());
        this.pending = new PendingReplies(group);
        List<String> offered = config.compression().stream().map(Compression::wireName).toList();
        HandshakeSettings serverSettings = new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION, system.name(),
                config.advertisedHost(), config.advertisedPort(), offered, config.maxFrameSize());
        try {
            ServerBootstrap sb = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RemoteChannelInitializer(false,
                            config.tls() == null ? null : config.tls().serverContext(), serverSettings, events,
                            config.heartbeatInterval().toMillis(), config.idleTimeout().toMillis(), null, 0));
            this.serverChannel = sb.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty rethrows a checked BindException undeclared, and the event loop
            // threads must not outlive a failed start.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("remoting could not bind " + config.host() + ":" + config.port(), e);
        }
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        this.self = new Endpoint(config.advertisedHost(), config.advertisedPort() != 0 ? config.advertisedPort() : bound);
        this.tempData = ActorRefData.newBuilder().setSystem(system.name()).setHost(self.host()).setPort(self.port())
                .setPath(TEMP_PATH).build();
        this.clientSettings = new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION, system.name(), self.host(),
                self.port(), offered, config.maxFrameSize());
        LOG.info("remoting for system {} listening on {} ({}), advertised as {}", system.name(),
                serverChannel.localAddress(), transport.isEpoll() ? "epoll" : "nio", self);
    }

    private static Serialization.Builder builtins() {
        return Serialization.builder().allowReservedIds()
                .register("goakt.Watch", Watch.class)
                .register("goakt.Unwatch", Unwatch.class)
                .register("goakt.DeathNotification", DeathNotification.class)
                .register("goakt.LookupRequest", LookupRequest.class)
                .register("goakt.LookupResponse", LookupResponse.class)
                .register("goakt.SpawnRequest", SpawnRequest.class)
                .register("goakt.SpawnResponse", SpawnResponse.class)
                .register("goakt.StopRequest", StopRequest.class)
                .register("goakt.StopResponse", StopResponse.class)
                .register("goakt.PoisonPill", PoisonPill.class, new Serializer<PoisonPill>() {
                    @Override
                    public byte[] toBytes(PoisonPill value) {
                        return new byte[0];
                    }

                    @Override
                    public PoisonPill fromBytes(byte[] bytes, Class<PoisonPill> type) {
                        return PoisonPill.INSTANCE;
                    }
                });
    }

    // ------------------------------------------------------------------ public API

    /**
     * Starts remoting for {@code system} (binds its server), or returns the one already started, whose config
     * stays in force.
     *
     * @throws IllegalStateException when the server cannot bind
     */
    public static Remoting start(ActorSystem system, RemotingConfig config) {
        Objects.requireNonNull(config, "config");
        return system.extension(Remoting.class, s -> new Remoting(s, config));
    }

    /** The remoting of {@code system}, if started. */
    public static Optional<Remoting> of(ActorSystem system) {
        return system.extension(Remoting.class);
    }

    /** The system this remoting serves. */
    public ActorSystem system() {
        return system;
    }

    /** The settings. */
    public RemotingConfig config() {
        return config;
    }

    /** Where peers reach this node: the advertised host and the bound (or advertised) port. */
    public Endpoint endpoint() {
        return self;
    }

    /** The socket address the server is bound to. */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** True when the native epoll transport is in use. */
    public boolean usesEpoll() {
        return transport.isEpoll();
    }

    /**
     * A ref for {@code address}: the local actor when the address is this node's endpoint (or carries no host),
     * else a remote ref. The remote ref has uid 0 (any incarnation) unless {@code uid} says otherwise.
     */
    public ActorRef actorRef(Address address) {
        return refFor(address, 0, 0, Map.of(), null);
    }

    /** A ref for the actor at {@code nameOrPath} on system {@code systemName} at {@code endpoint}. */
    public ActorRef actorRef(Endpoint endpoint, String systemName, String nameOrPath) {
        String path = nameOrPath.startsWith("/") ? nameOrPath : "/user/" + nameOrPath;
        return actorRef(new Address(systemName, endpoint.host(), endpoint.port(), path));
    }

    /** Looks up the live actor at a top-level name or path on the node at {@code endpoint}. */
    public CompletionStage<Optional<ActorRef>> lookup(Endpoint endpoint, String nameOrPath) {
        return request(endpoint, LookupRequest.newBuilder().setName(nameOrPath).build(), config.replyTimeout())
                .thenApply(r -> {
                    LookupResponse resp = (LookupResponse) r;
                    return resp.hasRef() ? Optional.of(refFromData(resp.getRef(), 0, Map.of(), null))
                            : Optional.empty();
                });
    }

    /**
     * Spawns a top-level actor {@code name} of a {@code kind} registered on the node at {@code endpoint}
     * ({@link RemotingConfig.Builder#kind}). Fails with {@link RemoteFailureException} when the kind is unknown
     * there or the spawn failed.
     */
    public CompletionStage<ActorRef> spawn(Endpoint endpoint, String name, String kind) {
        return request(endpoint, SpawnRequest.newBuilder().setName(name).setKind(kind).build(), config.replyTimeout())
                .thenApply(r -> {
                    SpawnResponse resp = (SpawnResponse) r;
                    if (!resp.getError().isEmpty()) {
                        throw new RemoteFailureException(resp.getError());
                    }
                    return refFromData(resp.getRef(), 0, Map.of(), null);
                });
    }

    /** Stops a remote actor; completes with true once it stopped, false when it was not alive there. */
    public CompletionStage<Boolean> stop(ActorRef ref) {
        if (!(ref instanceof RemoteActorRef r)) {
            return system.stop(ref).thenApply(v -> true);
        }
        return request(r.endpoint(), StopRequest.newBuilder().setRef(data(r)).build(), config.replyTimeout())
                .thenApply(resp -> ((StopResponse) resp).getStopped());
    }

    /** Totals since start. */
    public RemoteStats stats() {
        Map<FailureKind, Long> f = new HashMap<>();
        failures.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                f.put(k, n);
            }
        });
        return new RemoteStats(messagesSent.sum(), messagesReceived.sum(), bytesSent.sum(), bytesReceived.sum(),
                (int) openConnections.get(), f);
    }

    /** Asks and reply slots waiting for a reply now. */
    public int pendingReplies() {
        return pending.size();
    }

    /** Remote actors watched by local actors now. */
    public int watchedRemoteActors() {
        return watched.size();
    }

    /** Closes the server and every connection; pending asks fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Peer p : peers.values()) {
            p.close();
        }
        pending.failIf(p -> true, new RemoteUnreachableException("remoting of " + system.name() + " closed"));
        serverChannel.close().syncUninterruptibly();
        inbound.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ sending

    void send(RemoteActorRef target, Object message, ActorRef sender) {
        Objects.requireNonNull(message, "message");
        if (target.replyCorrelation() != 0) {
            reply(target, message, sender);
            return;
        }
        Serialization.Serialized s = serialization.serialize(message, refs);
        Peer peer = peer(target.endpoint());
        OutboundConnection via = peer.slotFor(target.path());
        Envelope.Builder env = envelope(target, s);
        if (sender != null) {
            if (sender instanceof RemoteActorRef rs) {
                env.setSender(data(rs));
                if (rs.replyCorrelation() != 0) {
                    env.setCorrelationId(rs.replyCorrelation()); // forward: the reply goes straight to the asker
                }
            } else if (isTemporary(sender)) {
                PendingReplies.Entry p = pending.register(peer.endpoint(), via, null, sender, config.replyTimeout(),
                        target, message.getClass().getName());
                env.setSender(tempData()).setCorrelationId(p.id());
            } else {
                env.setSender(localData(sender));
            }
        }
        emit(via, env.build(), message, sender, target);
    }

    CompletionStage<Object> ask(RemoteActorRef target, Object message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ask timeout must be positive, was " + timeout);
        }
        Serialization.Serialized s = serialization.serialize(message, refs);
        Peer peer = peer(target.endpoint());
        OutboundConnection via = peer.slotFor(target.path());
        CompletableFuture<Object> future = new CompletableFuture<>();
        PendingReplies.Entry p = pending.register(peer.endpoint(), via, future, null, timeout, target,
                message.getClass().getName());
        Envelope env = envelope(target, s).setSender(tempData()).setCorrelationId(p.id()).build();
        emit(via, env, message, null, target);
        return future;
    }

    private CompletionStage<Object> request(Endpoint endpoint, MessageLite request, Duration timeout) {
        if (endpoint.equals(self)) {
            CompletableFuture<Object> local = new CompletableFuture<>();
            handleRequest(request, (resp) -> local.complete(resp));
            return local;
        }
        Serialization.Serialized s = serialization.serialize(request, refs);
        Peer peer = peer(endpoint);
        OutboundConnection via = peer.control();
        CompletableFuture<Object> future = new CompletableFuture<>();
        PendingReplies.Entry p = pending.register(endpoint, via, future, null, timeout, null,
                request.getClass().getSimpleName() + " to " + endpoint);
        Envelope env = Envelope.newBuilder().setTypeId(s.typeId()).setPayload(UnsafeByteOperations.unsafeWrap(s.bytes()))
                .setSender(tempData()).setCorrelationId(p.id()).build();
        emit(via, env, request, null, null);
        return future;
    }

    private void reply(RemoteActorRef asker, Object message, ActorRef sender) {
        Envelope.Builder env = Envelope.newBuilder().setCorrelationId(asker.replyCorrelation());
        if (sender != null && !(sender instanceof RemoteActorRef) && !isTemporary(sender)) {
            env.setSender(localData(sender));
        }
        SerializationException refused = null;
        if (message instanceof Status.Failure f) {
            env.setKind(Envelope.Kind.REPLY_FAILURE)
                    .setTypeId(f.cause() instanceof ActorNotAliveException ? NOT_ALIVE_TYPE : FAILURE_TYPE)
                    .setPayload(ByteString.copyFromUtf8(f.cause() instanceof ActorNotAliveException
                            ? String.valueOf(f.cause().getMessage()) : String.valueOf(f.cause())));
        } else {
            try {
                Serialization.Serialized s = serialization.serialize(message, refs);
                env.setKind(Envelope.Kind.REPLY).setTypeId(s.typeId()).setPayload(UnsafeByteOperations.unsafeWrap(s.bytes()));
            } catch (SerializationException e) {
                refused = e; // the asker learns at once instead of timing out; the replier gets the exception
                env.setKind(Envelope.Kind.REPLY_FAILURE).setTypeId(FAILURE_TYPE)
                        .setPayload(ByteString.copyFromUtf8("reply not serializable: " + e.getMessage()));
            }
        }
        if (asker.endpoint().equals(self)) {
            completeReply(InboundEnvelope.of(env.build(), 0), self);
        } else {
            OutboundConnection via = peer(asker.endpoint()).slotFor(asker.path());
            emit(via, env.build(), message, sender, asker);
        }
        if (refused != null) {
            throw refused;
        }
    }

    /** The serialized bytes are ours alone, so the envelope wraps them instead of copying. */
    private Envelope.Builder envelope(RemoteActorRef target, Serialization.Serialized s) {
        Envelope.Builder env = Envelope.newBuilder()
                .setReceiver(data(target))
                .setTypeId(s.typeId())
                .setPayload(UnsafeByteOperations.unsafeWrap(s.bytes()));
        if (!config.propagators().isEmpty()) {
            Map<String, String> headers = new HashMap<>();
            for (ContextPropagator p : config.propagators()) {
                p.inject(headers);
            }
            env.putAllHeaders(headers);
        }
        return env;
    }

    private void emit(OutboundConnection via, Envelope env, Object message, ActorRef sender, ActorRef target) {
        int size = FrameEncoder.frameBytes(env);
        if (size > config.maxFrameSize()) {
            if (env.getCorrelationId() != 0 && env.getKind() == Envelope.Kind.TELL) {
                PendingReplies.Entry p = pending.get(env.getCorrelationId());
                if (p != null) {
                    pending.discard(p); // the caller gets the exception instead
                }
            }
            throw new SerializationException(message.getClass().getName() + " is " + size
                    + " bytes on the wire, more than the max frame size " + config.maxFrameSize());
        }
        if (closed || !via.send(env, size)) {
            count(via.peer().endpoint(), FailureKind.UNDELIVERED);
            deadLetter(message, sender, target, DeadLetter.Reason.ACTOR_STOPPED,
                    "remoting to " + via.peer().endpoint() + " refused the message (closed, backlog full, or the peer"
                            + " too far behind)");
            if (env.getCorrelationId() != 0 && env.getKind() == Envelope.Kind.TELL) {
                PendingReplies.Entry p = pending.get(env.getCorrelationId());
                if (p != null) {
                    pending.fail(p, new RemoteUnreachableException("cannot send to " + via.peer().endpoint()));
                }
            }
            return;
        }
        messagesSent.increment();
        bytesSent.add(size);
        config.metrics().messageSent(via.peer().endpoint(), size);
    }

    private Peer peer(Endpoint endpoint) {
        return peers.computeIfAbsent(endpoint, e -> new Peer(this, e, config.connectionsPerPeer()));
    }

    private static boolean isTemporary(ActorRef ref) {
        if (ref instanceof InternalActorRef r) {
            return !(ref instanceof RemoteActorRef) && r.isTemporary();
        }
        return ref.path().startsWith("/temp/");
    }

    // ------------------------------------------------------------------ replies

    private void completeReply(InboundEnvelope in, Endpoint from) {
        Envelope env = in.wire();
        PendingReplies.Entry p = pending.take(env.getCorrelationId());
        Object reply;
        if (env.getKind() == Envelope.Kind.REPLY_FAILURE) {
            String text = env.getPayload().toStringUtf8();
            reply = new Status.Failure(NOT_ALIVE_TYPE.equals(in.typeId())
                    ? new ActorNotAliveException(text) : new RemoteFailureException(text));
        } else {
            try {
                reply = serialization.deserialize(in.typeId(), env.getPayload().toByteArray(), refs);
            } catch (SerializationException e) {
                count(from, FailureKind.UNKNOWN_TYPE);
                UndeliverableMessage u = new UndeliverableMessage(in.typeId(), env.getPayload().size(), from,
                        e.getMessage());
                deadLetter(u, null, null, DeadLetter.Reason.UNHANDLED, "undecodable reply from " + from + ": "
                        + e.getMessage());
                reply = new Status.Failure(e);
            }
        }
        if (p == null) {
            deadLetter(reply, null, null, DeadLetter.Reason.ASK_COMPLETED,
                    "reply from " + from + " arrived after its ask completed or timed out");
            return;
        }
        if (p.future() != null) {
            if (reply instanceof Status.Failure f) {
                p.future().completeExceptionally(f.cause());
            } else {
                p.future().complete(reply);
            }
        } else {
            ActorRef replier = in.sender() != null ? refFromData(in.sender(), 0, Map.of(), null) : null;
            p.replyTo().tell(reply, replier);
        }
    }

    // ------------------------------------------------------------------ death watch

    void watch(RemoteActorRef watchee, ActorRef watcher) {
        watched.compute(watchee, (k, set) -> {
            Set<ActorRef> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(watcher);
            return s;
        });
        control(watchee.endpoint(), "goakt.Watch", Watch.newBuilder().setWatchee(data(watchee))
                .setWatcher(localData(watcher)).build());
    }

    void unwatch(RemoteActorRef watchee, ActorRef watcher) {
        watched.computeIfPresent(watchee, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
        control(watchee.endpoint(), "goakt.Unwatch", Unwatch.newBuilder().setWatchee(data(watchee))
                .setWatcher(localData(watcher)).build());
    }

    /** {@code watcherProxy} watches a local actor for a remote watcher; {@code dead} is that actor. */
    void sendDeathNotification(RemoteActorRef watcherProxy, ActorRef dead) {
        ActorRefData deadData = watcherProxy.watcheeAsSent() != null ? watcherProxy.watcheeAsSent() : localData(dead);
        control(watcherProxy.endpoint(), "goakt.DeathNotification", DeathNotification.newBuilder()
                .setDead(deadData).setWatcher(data(watcherProxy)).build());
    }

    boolean hasWatches(Endpoint endpoint) {
        for (RemoteActorRef r : watched.keySet()) {
            if (r.endpoint().equals(endpoint)) {
                return true;
            }
        }
        return false;
    }

    private void control(Endpoint to, String typeId, MessageLite msg) {
        if (closed) {
            return;
        }
        Envelope env = Envelope.newBuilder().setTypeId(typeId).setPayload(msg.toByteString()).build();
        OutboundConnection via = peer(to).control();
        if (via.send(env, FrameEncoder.frameBytes(env))) {
            messagesSent.increment();
        }
    }

    private void onDeathNotification(DeathNotification n) {
        RemoteActorRef key = (RemoteActorRef) refFromData(n.getDead(), 0, Map.of(), null, true);
        // The dead ref is echoed exactly as we sent it in the Watch, so it equals the watched ref (address + uid).
        String watcherPath = n.getWatcher().getPath();
        List<ActorRef> toNotify = new ArrayList<>();
        watched.computeIfPresent(key, (k, set) -> {
            set.removeIf(w -> {
                boolean match = w.path().equals(watcherPath);
                if (match) {
                    toNotify.add(w);
                }
                return match;
            });
            return set.isEmpty() ? null : set;
        });
        for (ActorRef w : toNotify) {
            InternalActorRef.notifyWatcher(w, key);
        }
    }

    // ------------------------------------------------------------------ connection lifecycle

    ChannelFuture connect(Endpoint endpoint, OutboundConnection owner) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                // Room for a few batches before the writer holds frames back (Netty's default is 32-64 KiB).
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .attr(OWNER, owner)
                .attr(PEER, endpoint)
                .handler(new RemoteChannelInitializer(true,
                        config.tls() == null ? null : config.tls().clientContext(), clientSettings, events,
                        config.heartbeatInterval().toMillis(), config.idleTimeout().toMillis(),
                        endpoint.host(), endpoint.port()));
        return b.connect(endpoint.host(), endpoint.port());
    }

    void connectFailed(Endpoint endpoint, Throwable cause) {
        count(endpoint, FailureKind.CONNECT_FAILED);
        LOG.debug("remoting of {}: cannot connect to {}: {}", system.name(), endpoint, String.valueOf(cause));
    }

    /** A handshaken outbound connection closed: the asks that went out on it may never be answered. */
    void connectionLost(OutboundConnection via) {
        pending.failIf(p -> p.via() == via,
                new RemoteUnreachableException("connection to " + via.peer().endpoint() + " lost"));
        if (hasWatches(via.peer().endpoint())) {
            via.touch();
        }
    }

    /** No connection to {@code peer} for {@link RemotingConfig#unreachableAfter()}. */
    void peerUnreachable(Peer peer) {
        Endpoint e = peer.endpoint();
        LOG.warn("remoting of {}: peer {} unreachable for {}", system.name(), e, config.unreachableAfter());
        pending.failIf(p -> p.peer().equals(e), new RemoteUnreachableException("peer " + e + " unreachable"));
        for (OutboundConnection c : peer.slots()) {
            for (Envelope f : c.drainBacklog()) {
                count(e, FailureKind.UNDELIVERED);
                deadLetter(new UndeliverableMessage(f.getTypeId(), f.getPayload().size(),
                        e, "peer unreachable"), null, null, DeadLetter.Reason.ACTOR_STOPPED,
                        "peer " + e + " unreachable");
            }
        }
        for (RemoteActorRef r : List.copyOf(watched.keySet())) {
            if (r.endpoint().equals(e)) {
                Set<ActorRef> ws = watched.remove(r);
                if (ws != null) {
                    for (ActorRef w : ws) {
                        InternalActorRef.notifyWatcher(w, r);
                    }
                }
            }
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return group.next().schedule(task, delay, unit);
    }

    // ------------------------------------------------------------------ inbound

    private void onEnvelope(Channel ch, InboundEnvelope in) {
        Envelope env = in.wire();
        int bytes = in.frameBytes();
        Endpoint from = peerOf(ch);
        messagesReceived.increment();
        bytesReceived.add(bytes);
        config.metrics().messageReceived(from, bytes);
        if (env.getKind() != Envelope.Kind.TELL) {
            completeReply(in, from);
            return;
        }
        Object message;
        try {
            message = serialization.deserialize(in.typeId(), env.getPayload().toByteArray(), refs);
        } catch (SerializationException e) {
            count(from, FailureKind.UNKNOWN_TYPE);
            logUndecodableOnce(from, in.typeId(), e);
            ActorRef receiver = in.receiver() != null ? system.actorOf(in.receiver().getPath()) : null;
            deadLetter(new UndeliverableMessage(in.typeId(), env.getPayload().size(), from, e.getMessage()),
                    null, receiver, DeadLetter.Reason.UNHANDLED, "undecodable message from " + from + ": "
                            + e.getMessage());
            if (env.getCorrelationId() != 0 && in.sender() != null) {
                refFromData(in.sender(), env.getCorrelationId(), Map.of(), null)
                        .tell(new Status.Failure(new SerializationException("refused by " + self + ": "
                                + e.getMessage())), null);
            }
            return;
        }
        // The type id first: an interface test that fails is a slow path in HotSpot, and most messages are not ours.
        if (in.typeId().startsWith("goakt.") && message instanceof MessageLite proto
                && !(message instanceof LookupResponse || message instanceof SpawnResponse
                || message instanceof StopResponse)) {
            onControl(in, proto);
            return;
        }
        ActorRef sender = in.sender() != null
                ? refFromData(in.sender(), env.getCorrelationId(), env.getHeadersMap(), null)
                : null;
        if (in.receiver() == null) {
            deadLetter(message, sender, null, DeadLetter.Reason.UNKNOWN_ACTOR, "envelope without a receiver");
            return;
        }
        deliverLocal(in.receiver(), message, sender, env.getHeadersMap());
    }

    private void deliverLocal(ActorRefData receiver, Object message, ActorRef sender, Map<String, String> headers) {
        if (!receiver.getSystem().equals(system.name())) {
            deadLetter(message, sender, null, DeadLetter.Reason.UNKNOWN_ACTOR,
                    "message for system " + receiver.getSystem() + " reached " + system.name());
            return;
        }
        ActorRef cached = inboundTargets.get(receiver.getPath());
        if (cached instanceof InternalActorRef c && !c.isKnownStopped()
                && (receiver.getUid() == 0 || receiver.getUid() == c.uid())) {
            c.tell(message, sender, headers); // the common case: a live actor that received from this peer before
            return;
        }
        Optional<ActorRef> live = system.lookup(receiver.getPath());
        boolean absent = live.isEmpty();
        ActorRef target = absent ? system.actorOf(receiver.getPath()) : live.get();
        boolean wrongIncarnation = !absent && receiver.getUid() != 0 && target.uid() != receiver.getUid();
        if (wrongIncarnation) {
            deadLetter(message, sender, target, DeadLetter.Reason.ACTOR_STOPPED,
                    "the incarnation addressed at " + receiver.getPath() + " has stopped");
        } else {
            // Headers reach the receiver through ReceiveContext.headers(); an absent target turns the message into a
            // counted UNKNOWN_ACTOR dead letter.
            if (target instanceof InternalActorRef internal) {
                if (!absent) {
                    putBounded(inboundTargets, receiver.getPath(), internal);
                }
                internal.tell(message, sender, headers);
            } else {
                target.tell(message, sender);
            }
        }
        if ((wrongIncarnation || absent) && sender instanceof RemoteActorRef r && r.replyCorrelation() != 0) {
            // As a local ask to a dead actor fails at once, so does a remote one, instead of waiting for its timeout.
            r.tell(new Status.Failure(new ActorNotAliveException("no actor at " + receiver.getPath() + " on "
                    + self)), null);
        }
    }

    private void onControl(InboundEnvelope in, MessageLite msg) {
        if (msg instanceof Watch w) {
            RemoteActorRef proxy = (RemoteActorRef) refFromData(w.getWatcher(), 0, Map.of(), w.getWatchee(), true);
            Optional<ActorRef> local = system.lookup(w.getWatchee().getPath());
            boolean alive = local.isPresent()
                    && (w.getWatchee().getUid() == 0 || local.get().uid() == w.getWatchee().getUid())
                    && local.get() instanceof InternalActorRef l && l.sendWatch(proxy);
            if (!alive) {
                control(proxy.endpoint(), "goakt.DeathNotification", DeathNotification.newBuilder()
                        .setDead(w.getWatchee()).setWatcher(w.getWatcher()).build());
            }
        } else if (msg instanceof Unwatch u) {
            RemoteActorRef proxy = (RemoteActorRef) refFromData(u.getWatcher(), 0, Map.of(), u.getWatchee(), true);
            system.lookup(u.getWatchee().getPath()).ifPresent(l -> {
                if (l instanceof InternalActorRef r) {
                    r.sendUnwatch(proxy);
                }
            });
        } else if (msg instanceof DeathNotification n) {
            onDeathNotification(n);
        } else if (in.wire().getCorrelationId() != 0 && in.sender() != null) {
            RemoteActorRef asker = (RemoteActorRef) refFromData(in.sender(), in.wire().getCorrelationId(), Map.of(),
                    null, true);
            handleRequest(msg, resp -> asker.tell(resp, null));
        }
    }

    private void handleRequest(MessageLite msg, java.util.function.Consumer<Object> respond) {
        if (msg instanceof LookupRequest l) {
            LookupResponse.Builder b = LookupResponse.newBuilder();
            system.lookup(l.getName()).ifPresent(ref -> b.setRef(localData(ref)));
            respond.accept(b.build());
        } else if (msg instanceof SpawnRequest s) {
            var factory = config.kinds().get(s.getKind());
            if (factory == null) {
                respond.accept(SpawnResponse.newBuilder().setError("actor kind '" + s.getKind()
                        + "' is not registered on " + self).build());
                return;
            }
            CompletableFuture.runAsync(() -> {
                try {
                    ActorRef ref = system.spawn(s.getName(), factory, config.kindOptions(s.getKind()));
                    respond.accept(SpawnResponse.newBuilder().setRef(localData(ref)).build());
                } catch (RuntimeException e) {
                    respond.accept(SpawnResponse.newBuilder().setError(String.valueOf(e)).build());
                }
            });
        } else if (msg instanceof StopRequest s) {
            Optional<ActorRef> local = system.lookup(s.getRef().getPath())
                    .filter(r -> s.getRef().getUid() == 0 || r.uid() == s.getRef().getUid());
            if (local.isEmpty()) {
                respond.accept(StopResponse.newBuilder().setStopped(false).build());
                return;
            }
            system.stop(local.get()).whenComplete((v, e) ->
                    respond.accept(StopResponse.newBuilder().setStopped(e == null).build()));
        }
    }

    // ------------------------------------------------------------------ refs and addresses

    private ActorRef refFor(Address address, long uid, long correlationId, Map<String, String> headers,
                            ActorRefData watcheeAsSent) {
        if (address.isLocal() || (address.host().equals(self.host()) && address.port() == self.port()
                && address.system().equals(system.name()) && correlationId == 0 && watcheeAsSent == null)) {
            return system.actorOf(address.path());
        }
        return new RemoteActorRef(this, address, uid, correlationId, Map.copyOf(headers), watcheeAsSent);
    }

    private ActorRef refFromData(ActorRefData d, long correlationId, Map<String, String> headers,
                                 ActorRefData watcheeAsSent) {
        return refFromData(d, correlationId, headers, watcheeAsSent, false);
    }

    private ActorRef refFromData(ActorRefData d, long correlationId, Map<String, String> headers,
                                 ActorRefData watcheeAsSent, boolean alwaysRemote) {
        Address a = new Address(d.getSystem(), d.getHost(), d.getPort(), d.getPath());
        if (alwaysRemote) {
            return new RemoteActorRef(this, a, d.getUid(), correlationId, Map.copyOf(headers), watcheeAsSent);
        }
        return refFor(a, d.getUid(), correlationId, headers, watcheeAsSent);
    }

    private static ActorRefData data(RemoteActorRef r) {
        return r.wireData();
    }

    /**
     * A local sender as the wire carries it. Cached: a sender usually sends many messages, and building the data
     * (and sizing its strings) per message showed in profiles. The cache is bounded by clearing it when full.
     */
    private ActorRefData localData(ActorRef ref) {
        if (ref instanceof RemoteActorRef r) {
            return data(r);
        }
        ActorRefData d = localRefData.get(ref);
        if (d == null) {
            d = ActorRefData.newBuilder().setSystem(system.name()).setHost(self.host()).setPort(self.port())
                    .setPath(ref.path()).setUid(ref.uid()).build();
            putBounded(localRefData, ref, d);
        }
        return d;
    }

    /** Puts into one of the wire caches, first emptying it when it holds {@value #LOCAL_REF_CACHE_LIMIT} entries. */
    private static <K, V> void putBounded(Map<K, V> cache, K key, V value) {
        if (cache.size() >= LOCAL_REF_CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private ActorRefData tempData() {
        return tempData;
    }

    // ------------------------------------------------------------------ bookkeeping

    private void deadLetter(Object message, ActorRef sender, ActorRef receiver, DeadLetter.Reason reason,
                            String detail) {
        if (message == null) {
            return;
        }
        if (system instanceof LocalActorSystem local) {
            local.deadLetter(message, sender, receiver, reason, detail); // counted like every other dead letter
        } else {
            system.eventStream().publish(new DeadLetter(message, sender, receiver, reason, detail));
        }
    }

    /** Warns once per peer and type id (bounded), so a peer repeating a bad type cannot flood the log. */
    private void logUndecodableOnce(Endpoint from, String typeId, SerializationException e) {
        String key = from + " " + (typeId.length() > 100 ? typeId.substring(0, 100) : typeId);
        if (undecodableLogged.size() < 1024 && undecodableLogged.add(key)) {
            LOG.warn("remoting of {}: message from {} refused, it became a dead letter: {}", system.name(), from,
                    e.getMessage());
        } else {
            LOG.debug("remoting of {}: message from {} refused: {}", system.name(), from, e.getMessage());
        }
    }

    private void count(Endpoint peer, FailureKind kind) {
        failures.get(kind).increment();
        config.metrics().failure(peer, kind);
    }

    private Endpoint peerOf(Channel ch) {
        Endpoint e = ch.attr(PEER).get();
        if (e != null) {
            return e;
        }
        return socketEndpoint(ch.remoteAddress());
    }

    private static Endpoint socketEndpoint(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getPort() > 0) {
            return new Endpoint(i.getHostString(), i.getPort());
        }
        return new Endpoint("unknown", 1);
    }

    /**
     * Refs inside messages: {@code goakt://system@host:port/path#uid}, local refs with this node's endpoint.
     * Parsing is strict and allocation-bounded, since the string comes from the network.
     */
    private final class Refs implements ActorRefResolver {

        @Override
        public String toWire(ActorRef ref) {
            ActorRefData d = localData(ref);
            return "goakt://" + d.getSystem() + "@" + d.getHost() + ":" + d.getPort() + d.getPath() + "#" + d.getUid();
        }

        @Override
        public ActorRef fromWire(String wire) {
            if (wire == null || wire.length() > 2048 || !wire.startsWith("goakt://")) {
                throw new SerializationException("not an actor ref: " + abbreviate(wire));
            }
            try {
                String rest = wire.substring("goakt://".length());
                int hash = rest.lastIndexOf('#');
                int at = rest.indexOf('@');
                int slash = at < 0 ? -1 : rest.indexOf('/', at);
                int colon = slash < 0 ? -1 : rest.lastIndexOf(':', slash);
                if (hash < 0 || at <= 0 || slash < 0 || colon <= at || hash < slash) {
                    throw new SerializationException("not an actor ref: " + abbreviate(wire));
                }
                ActorRefData d = ActorRefData.newBuilder()
                        .setSystem(rest.substring(0, at))
                        .setHost(rest.substring(at + 1, colon))
                        .setPort(Integer.parseInt(rest.substring(colon + 1, slash)))
                        .setPath(rest.substring(slash, hash))
                        .setUid(Long.parseLong(rest.substring(hash + 1)))
                        .build();
                return refFromData(d, 0, Map.of(), null);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("not an actor ref: " + abbreviate(wire), e);
            }
        }

        private static String abbreviate(String s) {
            return s == null ? "null" : s.length() <= 100 ? s : s.substring(0, 100) + "...";
        }
    }

    /** The engine's side of the pipeline; every method runs on an event loop. */
    private final class Events implements ChannelEvents {

        @Override
        public void inboundReady(Channel channel, Hello hello) {
            Endpoint peer = hello.getPort() > 0 && !hello.getHost().isEmpty()
                    ? new Endpoint(hello.getHost(), hello.getPort()) : socketEndpoint(channel.remoteAddress());
            channel.attr(PEER).set(peer);
            inbound.add(channel);
            openConnections.incrementAndGet();
            config.metrics().connectionOpened(peer, true);
            LOG.debug("remoting of {}: inbound connection from {} ({}) ready", system.name(), peer,
                    channel.remoteAddress());
        }

        @Override
        public void outboundReady(Channel channel, HelloAck ack) {
            openConnections.incrementAndGet();
            config.metrics().connectionOpened(peerOf(channel), false);
            OutboundConnection owner = channel.attr(OWNER).get();
            if (owner != null) {
                owner.ready(channel);
            }
        }

        @Override
        public void envelope(Channel channel, InboundEnvelope envelope) {
            try {
                onEnvelope(channel, envelope);
            } catch (RuntimeException e) {
                // A bug or a hostile but well-formed frame: never let it tear down the connection's peers.
                count(peerOf(channel), FailureKind.MALFORMED_FRAME);
                LOG.warn("remoting of {}: cannot handle an envelope from {}", system.name(), peerOf(channel), e);
            }
        }

        @Override
        public void failed(Channel channel, FailureKind failure, Throwable cause) {
            Endpoint peer = peerOf(channel);
            count(peer, failure);
            if (failure == FailureKind.IO_ERROR) {
                LOG.debug("remoting of {}: connection {} {} failed: {}", system.name(), peer,
                        channel.remoteAddress(), String.valueOf(cause));
            } else {
                LOG.warn("remoting of {}: closing connection with {} ({}): {}: {}", system.name(), peer,
                        channel.remoteAddress(), failure, String.valueOf(cause));
            }
        }

        @Override
        public void closed(Channel channel, boolean client, boolean handshaken) {
            if (handshaken) {
                openConnections.decrementAndGet();
                config.metrics().connectionClosed(peerOf(channel), !client);
            }
            if (client) {
                OutboundConnection owner = channel.attr(OWNER).get();
                if (owner != null) {
                    owner.closed(channel);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Remoting[" + system.name() + "@" + self + "]";
    }
}
