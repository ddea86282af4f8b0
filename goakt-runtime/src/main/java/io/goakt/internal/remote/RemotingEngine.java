package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.remote.Endpoint;
import io.goakt.remote.RemoteStats;
import io.goakt.remote.RemoteUnreachableException;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The {@link Remoting} of one actor system: it builds the parts, one per concern, and answers the public API from
 * them.
 *
 * <h2>The problem</h2>
 * Two systems in different JVMs must exchange messages, asks, death-watch notifications and a few requests (lookup,
 * spawn, stop) without either trusting the other's bytes, and without one bad connection hurting the others.
 *
 * <h2>The parts</h2>
 * <ul>
 *   <li>{@link NettyNode}: event loops, the server, the client bootstrap; every pipeline reports to
 *       {@link ConnectionEvents}.</li>
 *   <li>{@link Peers}, {@link Peer}, {@link OutboundConnection}: the connection pool per peer, reconnects, and
 *       reachability. A node sends only on connections it opened and reads only on connections peers opened.</li>
 *   <li>{@link Outbound}: tells, asks, replies, requests and control messages as envelopes on those connections.</li>
 *   <li>{@link PendingReplies} and {@link ReplyRouter}: ask correlation; every ask is an entry under a random id,
 *       removed by its reply, its timeout, or the loss of its connection.</li>
 *   <li>{@link Inbound}: decoding against the allow-list and delivery to local actors.</li>
 *   <li>{@link RemoteDeathWatch} and {@link WatchedRemoteActors}: death watch across nodes.</li>
 *   <li>{@link RemoteRequests}: lookup, spawn and stop.</li>
 *   <li>{@link RefCodec}: refs as wire data and as {@code goakt://} text.</li>
 *   <li>{@link TrafficStats}: totals and the metrics hook.</li>
 *   <li>{@link ConnectionFailureLog}: the WARN lines about closed connections, summarised per reason and peer.</li>
 * </ul>
 * Every frame is a length-prefixed protobuf {@code Frame} (see {@code remote.proto}; envelopes name repeated
 * senders, receivers and type ids by per-connection keys, see {@link OutboundKeys}); a connection starts with a
 * Hello/HelloAck handshake (protocol version, system name, compression, the server's max frame size). Payloads are
 * typed by ids from the application's {@link Serialization} allow-list, never by class names.
 *
 * <h2>Concurrency</h2>
 * Sends run on the caller's thread up to the point of queueing a frame; everything inbound runs on Netty event loops
 * and never blocks them (a spawn runs on the system's dispatcher, a stop completes asynchronously). Shared maps are
 * concurrent; each connection has its own small lock. The parts are wired in the constructor and reach each other
 * through final fields; the server accepts connections only once every part exists.
 *
 * <p>Threading: every public method may be called by any thread.
 */
public final class RemotingEngine implements Remoting {

    /** One logger for every part, named for the public type, so that one logging setting covers remoting. */
    static final Logger LOG = LoggerFactory.getLogger(Remoting.class);

    private final InternalActorSystem system;
    private final RemotingConfig config;
    final NettyNode node;
    final TrafficStats stats;
    final ConnectionFailureLog failureLog;
    private final PendingReplies pending;
    private final WatchedRemoteActors watched;
    private final Peers peers;
    final Outbound outbound;
    final RemoteDeathWatch deathWatch;
    private final RemoteRequests requests;
    final Inbound inbound;
    private final RefCodec refs;
    private final Serialization serialization;
    /** By type id: what takes a tell still waiting for its peer when the peer went ({@link #rerouteIfGone}). */
    private final Map<String, BiConsumer<Object, ActorRef>> rerouters = new ConcurrentHashMap<>();
    /** Guards {@link #close}; written and read under this object's monitor. */
    private boolean closed;

    private RemotingEngine(InternalActorSystem system, RemotingConfig config, ConnectionFailureLog.Sink failureSink,
                           Duration failureWindow) {
        this.system = system;
        this.config = config;
        this.failureLog = new ConnectionFailureLog(system.name(), failureSink, this::scheduleOnLoop, failureWindow,
                ConnectionFailureLog.MAX_TRACKED_PEERS);
        Serialization serialization = ControlTypes.builtins().registerAll(config.serialization()).build();
        this.serialization = serialization;
        this.stats = new TrafficStats(config.metrics());
        this.node = new NettyNode(system.name(), config, new ConnectionEvents(this, system.name()));
        Endpoint self = node.self();
        this.pending = new PendingReplies(node.group());
        this.watched = new WatchedRemoteActors();
        this.refs = new RefCodec(system, self, this);
        this.peers = new Peers(system, config, node, stats, pending, watched, this::reroute);
        ReplyRouter replies = new ReplyRouter(system, serialization, refs, pending, stats);
        this.outbound = new Outbound(system, config, serialization, refs, peers, pending, replies, stats, self);
        this.deathWatch = new RemoteDeathWatch(system, refs, outbound, watched);
        this.requests = new RemoteRequests(system, config, self, refs, outbound);
        this.inbound = new Inbound(system, serialization, refs, stats, replies, deathWatch, requests, self);
        node.startAccepting();
        LOG.info("remoting for system {} listening on {} ({}), advertised as {}", system.name(),
                node.boundAddress(), node.usesEpoll() ? "epoll" : "nio", self);
    }

    /**
     * Starts the remoting of {@code system}; use {@link Remoting#start}, which keeps one per system.
     *
     * @throws IllegalStateException    when the server cannot bind
     * @throws IllegalArgumentException when {@code system} was not made by {@code ActorSystem.create}
     */
    public static Remoting start(ActorSystem system, RemotingConfig config) {
        return new RemotingEngine(InternalActorSystem.of(system), config, (reason, line, cause) -> LOG.warn(line, cause),
                ConnectionFailureLog.WINDOW);
    }

    /** As {@link #start(ActorSystem, RemotingConfig)}, with the connection failure lines going to {@code sink}. */
    static Remoting start(ActorSystem system, RemotingConfig config, ConnectionFailureLog.Sink sink,
                          Duration failureWindow) {
        return new RemotingEngine(InternalActorSystem.of(system), config, sink, failureWindow);
    }

    private void scheduleOnLoop(Runnable task, long delayNanos) {
        node.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The allow-list in force (the runtime's types and the application's), for runtime services that carry a
     * message inside their own wire type (the clustered grains).
     */
    public Serialization serialization() {
        return serialization;
    }

    /** The resolver of refs inside messages, to go with {@link #serialization()}. */
    public io.goakt.serialization.ActorRefResolver refResolver() {
        return refs;
    }

    /** The ref codec, which also serves as the {@code goakt://} resolver of every message's refs. */
    RefCodec refs() {
        return refs;
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    @Override
    public RemotingConfig config() {
        return config;
    }

    @Override
    public Endpoint endpoint() {
        return node.self();
    }

    @Override
    public InetSocketAddress boundAddress() {
        return node.boundAddress();
    }

    @Override
    public boolean usesEpoll() {
        return node.usesEpoll();
    }

    @Override
    public ActorRef actorRef(Address address) {
        return refs.refFor(address, 0, 0, Map.of(), null);
    }

    @Override
    public CompletionStage<Optional<ActorRef>> lookup(Endpoint endpoint, String nameOrPath) {
        return requests.lookup(endpoint, nameOrPath);
    }

    @Override
    public CompletionStage<ActorRef> spawn(Endpoint endpoint, String name, String kind) {
        return requests.spawn(endpoint, name, kind);
    }

    @Override
    public CompletionStage<Boolean> stop(ActorRef ref) {
        if (ref instanceof RemoteActorRef r) {
            return requests.stop(r);
        }
        return system.stop(ref).thenApply(v -> true);
    }

    @Override
    public Map<String, String> headersOf(ActorRef sender) {
        return sender instanceof RemoteActorRef r ? r.headers() : Map.of();
    }

    @Override
    public RemoteStats stats() {
        return stats.snapshot(peers.all(), node.inboundTraffic());
    }

    @Override
    public int pendingReplies() {
        return pending.size();
    }

    @Override
    public int watchedRemoteActors() {
        return watched.size();
    }

    /**
     * Treats the peer at {@code endpoint} as gone now, as if it had been unreachable for {@code unreachableAfter}:
     * asks waiting for it fail with {@code RemoteUnreachableException}, its backlog becomes dead letters, watchers
     * of its actors get {@code Terminated}, and later sends fail at once until {@link #peerBack} or a new connection.
     * The cluster calls this when the member with that endpoint leaves its view.
     *
     * @param why how the peer went, for the exception and the dead letters
     */
    public void peerGone(Endpoint endpoint, String why) {
        peers.peerGone(endpoint, why);
    }

    /**
     * Hands tells of {@code typeId} that were still waiting for a connection to their peer when it left the cluster
     * ({@link #peerGone}) or stayed unreachable to {@code handler}, with their sender, instead of making them dead
     * letters: a service that routes by the cluster view (the clustered grains) sends them on to the member that now
     * owns their target. The handler runs on the thread that reports the departure and must not block. One handler
     * per type id.
     */
    public void rerouteIfGone(String typeId, BiConsumer<Object, ActorRef> handler) {
        rerouters.put(Objects.requireNonNull(typeId, "typeId"), Objects.requireNonNull(handler, "handler"));
    }

    /** For {@link Peers}: true when a handler of {@link #rerouteIfGone} took {@code frame}, a tell to a gone peer. */
    private boolean reroute(io.goakt.internal.remote.proto.Envelope frame) {
        BiConsumer<Object, ActorRef> handler = rerouters.get(frame.getTypeId());
        if (handler == null || frame.getCorrelationId() != 0
                || frame.getKind() != io.goakt.internal.remote.proto.Envelope.Kind.TELL) {
            return false;
        }
        try {
            Object message = serialization.deserialize(frame.getTypeId(), frame.getPayload().toByteArray(), refs);
            ActorRef sender = frame.hasSender() ? refs.refFromData(frame.getSender(), 0, Map.of(), null) : null;
            handler.accept(message, sender);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("remoting of {}: a tell of {} to a gone peer could not be rerouted", system.name(),
                    frame.getTypeId(), e);
            return false;
        }
    }

    /** Undoes {@link #peerGone}: the member with that endpoint joined the cluster again. */
    public void peerBack(Endpoint endpoint) {
        peers.peerBack(endpoint);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        outbound.close();
        peers.close();
        pending.failIf(p -> true, new RemoteUnreachableException("remoting of " + system.name() + " closed"));
        node.close();
        failureLog.flush();
    }

    @Override
    public String toString() {
        return "Remoting[" + system.name() + "@" + node.self() + "]";
    }
}
