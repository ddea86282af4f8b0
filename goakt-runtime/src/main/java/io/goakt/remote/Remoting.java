package io.goakt.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.remote.ChannelEvents;
import io.goakt.internal.remote.ChannelFailure;
import io.goakt.internal.remote.CompressionCodecs;
import io.goakt.internal.remote.HandshakeSettings;
import io.goakt.internal.remote.RemoteChannelInitializer;
import io.goakt.internal.remote.Transport;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.DeathNotification;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
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
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import io.goakt.serialization.Serializer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

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
 * protobuf {@code Frame} (see {@code remote.proto}); a connection starts with a Hello/HelloAck handshake
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
    private static final String FAILURE_TYPE = "goakt.Failure";

    private final ActorSystem system;
    private final RemotingConfig config;
    private final Serialization serialization;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup inbound = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Endpoint self;
    private final HandshakeSettings clientSettings;
    private final Events events = new Events();

    private final ConcurrentHashMap<Endpoint, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong correlation = new AtomicLong();
    private final ConcurrentHashMap<RemoteActorRef, Set<ActorRef>> watched = new ConcurrentHashMap<>();

    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final AtomicLong openConnections = new AtomicLong();
    private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
    private volatile boolean closed;

    /** An entry waiting for a reply: exactly one of {@code future} and {@code replyTo} is set. */
    private record Pending(long id, Endpoint peer, OutboundConnection via, CompletableFuture<Object> future,
                           ActorRef replyTo, AtomicReference<ScheduledFuture<?>> timeout, String what) {
    }

    private Remoting(ActorSystem system, RemotingConfig config) {
        this.system = system;
        this.config = config;
        for (FailureKind k : FailureKind.values()) {
            failures.put(k, new LongAdder());
        }
        this.serialization = builtins().registerAll(config.serialization()).build();
        this.transport = Transport.select(config.preferNio());
        this.group = transport.newGroup(config.ioThreads(), "goakt-remote-" + system.name());
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
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("remoting could not bind " + config.host() + ":" + config.port(), e);
        }
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        this.self = new Endpoint(config.advertisedHost(), config.advertisedPort() != 0 ? config.advertisedPort() : bound);
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
     * Starts remoting for {@code system} (binds its server) or returns the one already started.
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
        for (Pending p : List.copyOf(pending.values())) {
            fail(p, new RemoteUnreachableException("remoting of " + system.name() + " closed"));
        }
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
        Serialization.Serialized s = serialization.serialize(message);
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
                Pending p = register(peer.endpoint(), via, null, sender, config.replyTimeout(),
                        message.getClass().getName());
                env.setSender(tempData()).setCorrelationId(p.id);
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
        Serialization.Serialized s = serialization.serialize(message);
        Peer peer = peer(target.endpoint());
        OutboundConnection via = peer.slotFor(target.path());
        CompletableFuture<Object> future = new CompletableFuture<>();
        Pending p = register(peer.endpoint(), via, future, null, timeout, message.getClass().getName());
        Envelope env = envelope(target, s).setSender(tempData()).setCorrelationId(p.id).build();
        emit(via, env, message, null, target);
        return future;
    }

    private CompletionStage<Object> request(Endpoint endpoint, Message request, Duration timeout) {
        if (endpoint.equals(self)) {
            CompletableFuture<Object> local = new CompletableFuture<>();
            handleRequest(request, (resp) -> local.complete(resp));
            return local;
        }
        Serialization.Serialized s = serialization.serialize(request);
        Peer peer = peer(endpoint);
        OutboundConnection via = peer.control();
        CompletableFuture<Object> future = new CompletableFuture<>();
        Pending p = register(endpoint, via, future, null, timeout, request.getClass().getSimpleName());
        Envelope env = Envelope.newBuilder().setTypeId(s.typeId()).setPayload(ByteString.copyFrom(s.bytes()))
                .setSender(tempData()).setCorrelationId(p.id).build();
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
            env.setKind(Envelope.Kind.REPLY_FAILURE).setTypeId(FAILURE_TYPE)
                    .setPayload(ByteString.copyFromUtf8(String.valueOf(f.cause())));
        } else {
            try {
                Serialization.Serialized s = serialization.serialize(message);
                env.setKind(Envelope.Kind.REPLY).setTypeId(s.typeId()).setPayload(ByteString.copyFrom(s.bytes()));
            } catch (SerializationException e) {
                refused = e; // the asker learns at once instead of timing out; the replier gets the exception
                env.setKind(Envelope.Kind.REPLY_FAILURE).setTypeId(FAILURE_TYPE)
                        .setPayload(ByteString.copyFromUtf8("reply not serializable: " + e.getMessage()));
            }
        }
        if (asker.endpoint().equals(self)) {
            completeReply(env.build(), self);
        } else {
            OutboundConnection via = peer(asker.endpoint()).slotFor(asker.path());
            emit(via, env.build(), message, sender, asker);
        }
        if (refused != null) {
            throw refused;
        }
    }

    private Envelope.Builder envelope(RemoteActorRef target, Serialization.Serialized s) {
        Envelope.Builder env = Envelope.newBuilder()
                .setReceiver(data(target))
                .setTypeId(s.typeId())
                .setPayload(ByteString.copyFrom(s.bytes()));
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
        Frame frame = Frame.newBuilder().setEnvelope(env).build();
        int size = frame.getSerializedSize() + 4;
        if (size > config.maxFrameSize()) {
            if (env.getCorrelationId() != 0) {
                Pending p = pending.get(env.getCorrelationId());
                if (p != null && env.getKind() == Envelope.Kind.TELL) {
                    pending.remove(p.id);
                    cancelTimeout(p);
                }
            }
            throw new SerializationException(message.getClass().getName() + " is " + size
                    + " bytes on the wire, more than the max frame size " + config.maxFrameSize());
        }
        if (closed || !via.send(frame)) {
            count(via.peer().endpoint(), FailureKind.UNDELIVERED);
            deadLetter(message, sender, target, DeadLetter.Reason.ACTOR_STOPPED,
                    "remoting to " + via.peer().endpoint() + " refused the message (closed or backlog full)");
            if (env.getCorrelationId() != 0 && env.getKind() == Envelope.Kind.TELL) {
                Pending p = pending.get(env.getCorrelationId());
                if (p != null) {
                    fail(p, new RemoteUnreachableException("cannot send to " + via.peer().endpoint()));
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
        return !(ref instanceof RemoteActorRef) && ref.path().startsWith("/temp/");
    }

    // ------------------------------------------------------------------ pending replies

    private Pending register(Endpoint peer, OutboundConnection via, CompletableFuture<Object> future,
                             ActorRef replyTo, Duration timeout, String what) {
        long id = correlation.incrementAndGet();
        AtomicReference<ScheduledFuture<?>> timer = new AtomicReference<>();
        Pending p = new Pending(id, peer, via, future, replyTo, timer, what);
        pending.put(id, p);
        ScheduledFuture<?> t = group.next().schedule(() -> {
            if (pending.remove(id, p) && future != null) {
                future.completeExceptionally(new AskTimeoutException(null, what, timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        timer.set(t);
        if (!pending.containsKey(id)) {
            t.cancel(false); // completed before the timer was published
        }
        if (future != null) {
            future.whenComplete((v, e) -> {
                if (pending.remove(id, p)) {
                    cancelTimeout(p);
                }
            });
        }
        return p;
    }

    private static void cancelTimeout(Pending p) {
        ScheduledFuture<?> t = p.timeout.get();
        if (t != null) {
            t.cancel(false);
        }
    }

    private void fail(Pending p, Throwable cause) {
        if (!pending.remove(p.id, p)) {
            return;
        }
        cancelTimeout(p);
        if (p.future != null) {
            p.future.completeExceptionally(cause);
        } else {
            p.replyTo.tell(new Status.Failure(cause), null);
        }
    }

    private void completeReply(Envelope env, Endpoint from) {
        Pending p = pending.remove(env.getCorrelationId());
        Object reply;
        if (env.getKind() == Envelope.Kind.REPLY_FAILURE) {
            reply = new Status.Failure(new RemoteFailureException(env.getPayload().toStringUtf8()));
        } else {
            try {
                reply = serialization.deserialize(env.getTypeId(), env.getPayload().toByteArray());
            } catch (SerializationException e) {
                count(from, FailureKind.UNKNOWN_TYPE);
                UndeliverableMessage u = new UndeliverableMessage(env.getTypeId(), env.getPayload().size(), from,
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
        cancelTimeout(p);
        if (p.future != null) {
            if (reply instanceof Status.Failure f) {
                p.future.completeExceptionally(f.cause());
            } else {
                p.future.complete(reply);
            }
        } else {
            ActorRef replier = env.hasSender() ? refFromData(env.getSender(), 0, Map.of(), null) : null;
            p.replyTo.tell(reply, replier);
        }
    }

    // ------------------------------------------------------------------ death watch

    void watch(RemoteActorRef watchee, ActorRef watcher) {
        watched.computeIfAbsent(watchee, k -> ConcurrentHashMap.newKeySet()).add(watcher);
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

    private void control(Endpoint to, String typeId, Message msg) {
        if (closed) {
            return;
        }
        Envelope env = Envelope.newBuilder().setTypeId(typeId).setPayload(msg.toByteString()).build();
        OutboundConnection via = peer(to).control();
        if (via.send(Frame.newBuilder().setEnvelope(env).build())) {
            messagesSent.increment();
        }
    }

    private void onDeathNotification(DeathNotification n) {
        RemoteActorRef key = (RemoteActorRef) refFromData(n.getDead(), 0, Map.of(), null, true);
        Set<ActorRef> watchers = watched.get(key);
        if (watchers == null) {
            return;
        }
        RemoteActorRef registered = null;
        for (RemoteActorRef r : watched.keySet()) {
            if (r.equals(key)) {
                registered = r;
                break;
            }
        }
        String watcherPath = n.getWatcher().getPath();
        for (ActorRef w : List.copyOf(watchers)) {
            if (w.path().equals(watcherPath)) {
                watchers.remove(w);
                InternalActorRef.notifyWatcher(w, registered != null ? registered : key);
            }
        }
        watched.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
    }

    // ------------------------------------------------------------------ connection lifecycle

    ChannelFuture connect(Endpoint endpoint, OutboundConnection owner) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
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
        for (Pending p : List.copyOf(pending.values())) {
            if (p.via == via) {
                fail(p, new RemoteUnreachableException("connection to " + p.peer + " lost"));
            }
        }
        if (hasWatches(via.peer().endpoint())) {
            via.touch();
        }
    }

    /** No connection to {@code peer} for {@link RemotingConfig#unreachableAfter()}. */
    void peerUnreachable(Peer peer) {
        Endpoint e = peer.endpoint();
        LOG.warn("remoting of {}: peer {} unreachable for {}", system.name(), e, config.unreachableAfter());
        for (Pending p : List.copyOf(pending.values())) {
            if (p.peer.equals(e)) {
                fail(p, new RemoteUnreachableException("peer " + e + " unreachable"));
            }
        }
        for (OutboundConnection c : peer.slots()) {
            for (Frame f : c.drainBacklog()) {
                count(e, FailureKind.UNDELIVERED);
                deadLetter(new UndeliverableMessage(f.getEnvelope().getTypeId(), f.getEnvelope().getPayload().size(),
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

    private void onEnvelope(Channel ch, Envelope env, int bytes) {
        Endpoint from = peerOf(ch);
        messagesReceived.increment();
        bytesReceived.add(bytes);
        config.metrics().messageReceived(from, bytes);
        if (env.getKind() != Envelope.Kind.TELL) {
            completeReply(env, from);
            return;
        }
        Object message;
        try {
            message = serialization.deserialize(env.getTypeId(), env.getPayload().toByteArray());
        } catch (SerializationException e) {
            count(from, FailureKind.UNKNOWN_TYPE);
            LOG.debug("remoting of {}: undecodable message from {}: {}", system.name(), from, e.getMessage());
            ActorRef receiver = env.hasReceiver() ? system.actorOf(env.getReceiver().getPath()) : null;
            deadLetter(new UndeliverableMessage(env.getTypeId(), env.getPayload().size(), from, e.getMessage()),
                    null, receiver, DeadLetter.Reason.UNHANDLED, "undecodable message from " + from + ": "
                            + e.getMessage());
            if (env.getCorrelationId() != 0 && env.hasSender()) {
                refFromData(env.getSender(), env.getCorrelationId(), Map.of(), null)
                        .tell(new Status.Failure(new SerializationException("refused by " + self + ": "
                                + e.getMessage())), null);
            }
            return;
        }
        if (message instanceof Message proto && env.getTypeId().startsWith("goakt.")
                && !(message instanceof LookupResponse || message instanceof SpawnResponse
                || message instanceof StopResponse)) {
            onControl(env, proto);
            return;
        }
        ActorRef sender = env.hasSender()
                ? refFromData(env.getSender(), env.getCorrelationId(), env.getHeadersMap(), null)
                : null;
        if (!env.hasReceiver()) {
            deadLetter(message, sender, null, DeadLetter.Reason.UNKNOWN_ACTOR, "envelope without a receiver");
            return;
        }
        deliverLocal(env.getReceiver(), message, sender);
    }

    private void deliverLocal(ActorRefData receiver, Object message, ActorRef sender) {
        if (!receiver.getSystem().equals(system.name())) {
            deadLetter(message, sender, null, DeadLetter.Reason.UNKNOWN_ACTOR,
                    "message for system " + receiver.getSystem() + " reached " + system.name());
            return;
        }
        ActorRef target = system.actorOf(receiver.getPath());
        if (receiver.getUid() != 0 && target.uid() != 0 && target.uid() != receiver.getUid()) {
            deadLetter(message, sender, target, DeadLetter.Reason.ACTOR_STOPPED,
                    "the incarnation addressed at " + receiver.getPath() + " has stopped");
            return;
        }
        target.tell(message, sender);
    }

    private void onControl(Envelope env, Message msg) {
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
        } else if (env.getCorrelationId() != 0 && env.hasSender()) {
            RemoteActorRef asker = (RemoteActorRef) refFromData(env.getSender(), env.getCorrelationId(), Map.of(),
                    null, true);
            handleRequest(msg, resp -> asker.tell(resp, null));
        }
    }

    private void handleRequest(Message msg, java.util.function.Consumer<Object> respond) {
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
                    ActorRef ref = system.spawn(s.getName(), factory, SpawnOptions.defaults());
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
        Address a = r.address();
        return ActorRefData.newBuilder().setSystem(a.system()).setHost(a.host()).setPort(a.port())
                .setPath(a.path()).setUid(r.uid()).build();
    }

    private ActorRefData localData(ActorRef ref) {
        if (ref instanceof RemoteActorRef r) {
            return data(r);
        }
        return ActorRefData.newBuilder().setSystem(system.name()).setHost(self.host()).setPort(self.port())
                .setPath(ref.path()).setUid(ref.uid()).build();
    }

    private ActorRefData tempData() {
        return ActorRefData.newBuilder().setSystem(system.name()).setHost(self.host()).setPort(self.port())
                .setPath(TEMP_PATH).build();
    }

    // ------------------------------------------------------------------ bookkeeping

    private void deadLetter(Object message, ActorRef sender, ActorRef receiver, DeadLetter.Reason reason,
                            String detail) {
        if (message == null) {
            return;
        }
        system.eventStream().publish(new DeadLetter(message, sender, receiver, reason, detail));
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
        public void envelope(Channel channel, Envelope envelope, int frameBytes) {
            try {
                onEnvelope(channel, envelope, frameBytes);
            } catch (RuntimeException e) {
                // A bug or a hostile but well-formed frame: never let it tear down the connection's peers.
                count(peerOf(channel), FailureKind.MALFORMED_FRAME);
                LOG.warn("remoting of {}: cannot handle an envelope from {}", system.name(), peerOf(channel), e);
            }
        }

        @Override
        public void failed(Channel channel, ChannelFailure failure, Throwable cause) {
            FailureKind kind = FailureKind.valueOf(failure.name());
            Endpoint peer = peerOf(channel);
            count(peer, kind);
            if (failure == ChannelFailure.IO_ERROR) {
                LOG.debug("remoting of {}: connection {} {} failed: {}", system.name(), peer,
                        channel.remoteAddress(), String.valueOf(cause));
            } else {
                LOG.warn("remoting of {}: closing connection with {} ({}): {}: {}", system.name(), peer,
                        channel.remoteAddress(), kind, String.valueOf(cause));
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

    static List<String> supportedCompression() {
        return new ArrayList<>(CompressionCodecs.SUPPORTED);
    }

    static Function<ActorSystem, Remoting> factory(RemotingConfig config) {
        return s -> new Remoting(s, config);
    }
}
