package io.goakt.internal.remote;

import com.google.protobuf.MessageLite;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.Status;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.DeathNotification;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Unwatch;
import io.goakt.internal.remote.proto.Watch;
import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.UndeliverableMessage;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import org.slf4j.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a node does with each envelope a peer sent: a reply goes to {@link ReplyRouter}; a tell is decoded against
 * the allow-list and handed to its local receiver with its sender (a {@link RemoteActorRef} that carries the
 * envelope's headers and, for an ask, answers it); a runtime control message goes to {@link RemoteDeathWatch} or
 * {@link RemoteRequests}. A payload that cannot be decoded, or a receiver that is not alive, becomes a counted dead
 * letter, and an ask behind it fails at once instead of timing out.
 *
 * <p>Threading: event loops only, many at once; never blocks. The receiver cache is a concurrent map.
 */
final class Inbound {

    private static final Logger LOG = RemotingEngine.LOG;
    /** Peer and type-id pairs warned about, at most; later ones are logged at debug level. */
    private static final int UNDECODABLE_WARNINGS = 1024;
    /** Longest type id quoted in a log key. */
    private static final int TYPE_ID_QUOTE_LENGTH = 100;

    private final InternalActorSystem system;
    private final Serialization serialization;
    private final RefCodec refs;
    private final TrafficStats stats;
    private final ReplyRouter replies;
    private final RemoteDeathWatch deathWatch;
    private final RemoteRequests requests;
    private final Endpoint self;
    /**
     * Live local actors that messages from the network were delivered to, by path: resolving a path per message
     * showed in profiles. An entry is used only while its actor is not known to be stopping (else the path is looked
     * up again, and a new actor of that name replaces the entry); the cache is bounded by clearing it when full.
     */
    private final ConcurrentHashMap<String, InternalActorRef> receivers = new ConcurrentHashMap<>();
    private final Set<String> undecodableLogged = ConcurrentHashMap.newKeySet();

    Inbound(InternalActorSystem system, Serialization serialization, RefCodec refs, TrafficStats stats,
            ReplyRouter replies, RemoteDeathWatch deathWatch, RemoteRequests requests, Endpoint self) {
        this.system = system;
        this.serialization = serialization;
        this.refs = refs;
        this.stats = stats;
        this.replies = replies;
        this.deathWatch = deathWatch;
        this.requests = requests;
        this.self = self;
    }

    /**
     * Handles {@code in}, which came from {@code from} on the inbound connection counted by {@code connection}
     * ({@code null} on a client channel).
     */
    void onEnvelope(Endpoint from, InboundTraffic connection, InboundEnvelope in) {
        WireEnvelope env = in.wire();
        stats.received(connection, from, in.frameBytes());
        if (env.getKindValue() != Envelope.Kind.TELL_VALUE) {
            replies.complete(in, from);
            return;
        }
        Object message;
        try {
            message = serialization.deserialize(in.typeId(), env.getPayload().toByteArray(), refs);
        } catch (SerializationException e) {
            refuse(from, in, e);
            return;
        }
        // The type id first: an interface test that fails is a slow path in HotSpot, and most messages are not ours.
        if (in.typeId().startsWith(ControlTypes.RESERVED_PREFIX) && message instanceof MessageLite proto
                && !RemoteRequests.isResponse(message)) {
            onControl(in, proto);
            return;
        }
        ActorRef sender = in.sender() != null ? senderOf(in, env) : null;
        if (in.receiver() == null) {
            system.deadLetter(message, sender, null, DeadLetter.Reason.UNKNOWN_ACTOR, "envelope without a receiver");
            return;
        }
        deliverLocal(in.receiver(), message, sender, env.getHeadersMap());
    }

    /**
     * The sender's ref. A plain tell's sender bound to a connection key gets the ref kept beside the key: a ref for
     * a tell (no correlation id, no headers) is the same for every message from that actor, and making one per
     * message (an address, an endpoint, the ref) was a large share of the receiving event loop's time.
     */
    private ActorRef senderOf(InboundEnvelope in, WireEnvelope env) {
        int key = env.getSenderKey();
        if (key == 0 || in.keys() == null || env.getCorrelationId() != 0 || env.getHeadersCount() != 0) {
            return refs.refFromData(in.sender(), env.getCorrelationId(), env.getHeadersMap(), null);
        }
        if (in.keys().senderRef(key, in.sender()) instanceof RemoteActorRef kept) {
            return kept;
        }
        ActorRef made = refs.refFromData(in.sender(), 0, Map.of(), null);
        if (made instanceof RemoteActorRef) {
            in.keys().keepSenderRef(key, in.sender(), made);
        }
        return made;
    }

    /** A payload the allow-list refused: a dead letter, and a failure for the ask behind it. */
    private void refuse(Endpoint from, InboundEnvelope in, SerializationException e) {
        WireEnvelope env = in.wire();
        stats.failure(from, FailureKind.UNKNOWN_TYPE);
        logUndecodableOnce(from, in.typeId(), e);
        ActorRef receiver = in.receiver() != null ? system.actorOf(in.receiver().getPath()) : null;
        system.deadLetter(new UndeliverableMessage(in.typeId(), env.getPayload().size(), from, e.getMessage()),
                null, receiver, DeadLetter.Reason.UNHANDLED, "undecodable message from " + from + ": "
                        + e.getMessage());
        if (env.getCorrelationId() != 0 && in.sender() != null) {
            refs.refFromData(in.sender(), env.getCorrelationId(), Map.of(), null)
                    .tell(new Status.Failure(new SerializationException("refused by " + self + ": "
                            + e.getMessage())), null);
        }
    }

    private void deliverLocal(ActorRefData receiver, Object message, ActorRef sender, Map<String, String> headers) {
        if (!receiver.getSystem().equals(system.name())) {
            system.deadLetter(message, sender, null, DeadLetter.Reason.UNKNOWN_ACTOR,
                    "message for system " + receiver.getSystem() + " reached " + system.name());
            return;
        }
        InternalActorRef cached = receivers.get(receiver.getPath());
        if (cached != null && !cached.isKnownStopped()
                && (receiver.getUid() == 0 || receiver.getUid() == cached.uid())) {
            cached.tell(message, sender, headers); // the common case: a live actor that received from this peer before
            return;
        }
        Optional<ActorRef> live = system.lookup(receiver.getPath());
        boolean absent = live.isEmpty();
        ActorRef target = absent ? system.actorOf(receiver.getPath()) : live.get();
        boolean wrongIncarnation = !absent && receiver.getUid() != 0 && target.uid() != receiver.getUid();
        if (wrongIncarnation) {
            system.deadLetter(message, sender, target, DeadLetter.Reason.ACTOR_STOPPED,
                    "the incarnation addressed at " + receiver.getPath() + " has stopped");
        } else if (target instanceof InternalActorRef internal) {
            // Headers reach the receiver through ReceiveContext.headers(); an absent target turns the message into
            // a counted UNKNOWN_ACTOR dead letter.
            if (!absent) {
                RefCodec.putBounded(receivers, receiver.getPath(), internal);
            }
            internal.tell(message, sender, headers);
        } else {
            target.tell(message, sender);
        }
        if ((wrongIncarnation || absent) && sender instanceof RemoteActorRef r && r.replyCorrelation() != 0) {
            // As a local ask to a dead actor fails at once, so does a remote one, instead of waiting for its timeout.
            r.tell(new Status.Failure(new ActorNotAliveException("no actor at " + receiver.getPath() + " on "
                    + self)), null);
        }
    }

    private void onControl(InboundEnvelope in, MessageLite msg) {
        if (msg instanceof Watch w) {
            deathWatch.onWatch(w);
        } else if (msg instanceof Unwatch u) {
            deathWatch.onUnwatch(u);
        } else if (msg instanceof DeathNotification n) {
            deathWatch.onDeathNotification(n);
        } else if (in.wire().getCorrelationId() != 0 && in.sender() != null) {
            RemoteActorRef asker = refs.remoteFromData(in.sender(), in.wire().getCorrelationId(), null);
            requests.handle(msg, resp -> asker.tell(resp, null));
        }
    }

    /** Warns once per peer and type id (bounded), so a peer repeating a bad type cannot flood the log. */
    private void logUndecodableOnce(Endpoint from, String typeId, SerializationException e) {
        String key = from + " " + (typeId.length() > TYPE_ID_QUOTE_LENGTH
                ? typeId.substring(0, TYPE_ID_QUOTE_LENGTH) : typeId);
        if (undecodableLogged.size() < UNDECODABLE_WARNINGS && undecodableLogged.add(key)) {
            LOG.warn("remoting of {}: message from {} refused, it became a dead letter: {}", system.name(), from,
                    e.getMessage());
        } else {
            LOG.debug("remoting of {}: message from {} refused: {}", system.name(), from, e.getMessage());
        }
    }
}
