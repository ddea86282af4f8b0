package io.goakt.internal.remote;

import io.goakt.actor.DeadLetter;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteUnreachableException;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.UndeliverableMessage;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The outbound side of a node: one {@link Peer} per endpoint it sends to, each with a small pool of
 * {@link OutboundConnection}s, and what happens when they go down. A lost connection fails the asks that went out
 * on it; a peer without any connection for {@link RemotingConfig#unreachableAfter()} fails every ask to it, turns
 * its backlogs into dead letters and tells the watchers of its actors that they terminated.
 *
 * <p>Outbound and inbound traffic use separate connections, as in Pekko Artery: a node sends only on connections
 * it opened, and reads only on connections peers opened to its server. A reply or a death notification therefore
 * travels on the replier's own outbound connection.
 *
 * <p>Threading: any thread. The peer map is concurrent and a peer is never removed; the callbacks run on event
 * loops.
 */
final class Peers {

    private static final Logger LOG = RemotingEngine.LOG;

    private final InternalActorSystem system;
    private final RemotingConfig config;
    private final NettyNode node;
    private final TrafficStats stats;
    private final PendingReplies pending;
    private final WatchedRemoteActors watched;
    private final ConcurrentHashMap<Endpoint, Peer> peers = new ConcurrentHashMap<>();
    /** Takes a held frame for a peer that is gone instead of its dead letter, when it can (see {@link #gone}). */
    private final Predicate<Envelope> rerouteIfGone;

    Peers(InternalActorSystem system, RemotingConfig config, NettyNode node, TrafficStats stats,
          PendingReplies pending, WatchedRemoteActors watched, Predicate<Envelope> rerouteIfGone) {
        this.rerouteIfGone = rerouteIfGone;
        this.system = system;
        this.config = config;
        this.node = node;
        this.stats = stats;
        this.pending = pending;
        this.watched = watched;
    }

    /** The peer at {@code endpoint}, made on first use. */
    Peer peer(Endpoint endpoint) {
        Peer p = peers.get(endpoint); // every send asks: a get allocates nothing, a computeIfAbsent its lambda
        return p != null ? p : peers.computeIfAbsent(endpoint, e -> new Peer(this, e, config.connectionsPerPeer()));
    }

    /** Every peer this node has sent to or made ready to send to; a live view. */
    Iterable<Peer> all() {
        return peers.values();
    }

    RemotingConfig config() {
        return config;
    }

    ChannelFuture connect(Endpoint endpoint, OutboundConnection owner) {
        return node.connect(endpoint, owner);
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return node.schedule(task, delay, unit);
    }

    /** True while a local actor watches an actor at {@code endpoint}: its connections then keep reconnecting. */
    boolean hasWatches(Endpoint endpoint) {
        return watched.hasWatches(endpoint);
    }

    void connectFailed(Endpoint endpoint, Throwable cause) {
        stats.failure(endpoint, FailureKind.CONNECT_FAILED);
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
        LOG.warn("remoting of {}: peer {} unreachable for {}", system.name(), peer.endpoint(),
                config.unreachableAfter());
        gone(peer.endpoint(), peer, "unreachable");
    }

    /**
     * What {@link #peerUnreachable} does after {@code unreachableAfter}, at once: the cluster saw the member whose
     * remoting listens at {@code endpoint} leave its view, so waiting for the connection to time out would only make
     * asks to it hang longer. Any thread.
     *
     * @param why how the peer went, for the exception and the dead letters ("left the cluster", ...)
     */
    void peerGone(Endpoint endpoint, String why) {
        LOG.info("remoting of {}: peer {} {}", system.name(), endpoint, why);
        Peer peer = peer(endpoint);
        peer.departed(why);
        gone(endpoint, peer, why);
    }

    /** The member whose remoting listens at {@code endpoint} is in the cluster again: sends to it go out. */
    void peerBack(Endpoint endpoint) {
        Peer peer = peers.get(endpoint);
        if (peer != null) {
            peer.returned();
        }
    }

    private void gone(Endpoint e, Peer peer, String why) {
        pending.failIf(p -> p.peer().equals(e), new RemoteUnreachableException("peer " + e + " " + why));
        if (peer != null) {
            for (OutboundConnection c : peer.slots()) {
                for (Envelope f : c.drainBacklog()) {
                    if (rerouteIfGone.test(f)) {
                        continue; // a service that routes by the view sends it elsewhere (RemotingEngine.rerouteIfGone)
                    }
                    stats.failure(e, FailureKind.UNDELIVERED);
                    system.deadLetter(new UndeliverableMessage(f.getTypeId(), f.getPayload().size(), e,
                            "peer " + why), null, null, DeadLetter.Reason.ACTOR_STOPPED, "peer " + e + " " + why);
                }
            }
        }
        watched.peerUnreachable(e);
    }

    /** Closes every connection for good. */
    void close() {
        for (Peer p : peers.values()) {
            p.close();
        }
    }
}
