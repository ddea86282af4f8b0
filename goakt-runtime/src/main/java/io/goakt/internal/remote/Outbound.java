package io.goakt.internal.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.MessageContextHook;
import io.goakt.actor.Status;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.util.Limits;
import io.goakt.remote.ContextPropagator;
import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteUnreachableException;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Everything a node sends: tells and asks of {@link RemoteActorRef}s, replies to remote asks, requests
 * ({@link RemoteRequests}) and control messages ({@link RemoteDeathWatch}). Each becomes an {@link Envelope}, or
 * for a tell without headers its fields alone ({@link OutboundTell}), queued on one of the peer's connections: a message to an actor always on the same slot, so messages from one
 * sender to one receiver keep their order; control messages and requests on the peer's first slot.
 *
 * <p>A sender that is an ask's local temporary ref cannot be addressed by path from another node: it gets a reply
 * slot in {@link PendingReplies}, and the envelope names this node's temporary path and the slot's id.
 *
 * <p>Threading: any thread; a send runs on the caller's thread up to queueing the envelope (see
 * {@link OutboundConnection#send}). No lock on the way.
 */
final class Outbound {

    private final InternalActorSystem system;
    private final RemotingConfig config;
    private final List<ContextPropagator> propagators;
    /** The system's message context hook, or null. */
    private final MessageContextHook hook;
    private final int maxFrameSize;
    private final Serialization serialization;
    private final RefCodec refs;
    private final Peers peers;
    private final PendingReplies pending;
    private final ReplyRouter replies;
    private final TrafficStats stats;
    private final Endpoint self;
    /** Set once by {@link #close}; a volatile load per send, paired with that volatile store. */
    private volatile boolean closed;
    /**
     * The type id of the last tell and its field size. Plain field: any sending thread may replace it, and a thread
     * that reads an older holder (immutable, so never a torn one) only computes the size again.
     */
    private TypeIdSize lastTypeId;

    Outbound(InternalActorSystem system, RemotingConfig config, Serialization serialization, RefCodec refs,
             Peers peers, PendingReplies pending, ReplyRouter replies, TrafficStats stats, Endpoint self) {
        this.system = system;
        this.config = config;
        this.propagators = config.propagators();
        this.hook = system.config().messageContextHook();
        this.maxFrameSize = config.maxFrameSize();
        this.serialization = serialization;
        this.refs = refs;
        this.peers = peers;
        this.pending = pending;
        this.replies = replies;
        this.stats = stats;
        this.self = self;
    }

    /** Refuses every later send: each becomes an undelivered dead letter. */
    void close() {
        closed = true;
    }

    /** A tell to {@code target}; a reply when {@code target} answers an ask. */
    void send(RemoteActorRef target, Object message, ActorRef sender) {
        Objects.requireNonNull(message, "message");
        if (target.replyCorrelation() != 0) {
            reply(target, message, sender);
            return;
        }
        Serialization.Serialized s = serialization.serialize(message, refs);
        Peer peer = peers.peer(target.endpoint());
        OutboundConnection via = peer.slotFor(target.path());
        if (hook == null && propagators.isEmpty()) {
            sendTell(target, s, message, sender, peer, via);
            return;
        }
        Envelope.Builder env = envelope(target, s, message, hook != null && sender != null && isTemporary(sender));
        if (sender != null) {
            if (sender instanceof RemoteActorRef rs) {
                env.setSender(rs.wireData());
                if (rs.replyCorrelation() != 0) {
                    env.setCorrelationId(rs.replyCorrelation()); // forward: the reply goes straight to the asker
                }
            } else if (isTemporary(sender)) {
                PendingReplies.Entry p = pending.register(peer.endpoint(), via, null, sender, config.replyTimeout(),
                        target, message.getClass().getName());
                env.setSender(refs.tempData()).setCorrelationId(p.id());
            } else {
                env.setSender(refs.localData(sender));
            }
        }
        // proto3 has no required fields, so build()'s initialization check (a schema walk per message) cannot fail.
        emit(via, env.buildPartial(), message, sender, target);
    }

    /**
     * A tell without headers (no propagators, no context hook): the common case, queued as an {@link OutboundTell}
     * that the connection's writer encodes without building the envelope.
     */
    private void sendTell(RemoteActorRef target, Serialization.Serialized s, Object message, ActorRef sender,
                          Peer peer, OutboundConnection via) {
        ActorRefData from = null;
        long correlation = 0;
        if (sender != null) {
            if (sender instanceof RemoteActorRef rs) {
                from = rs.wireData();
                correlation = rs.replyCorrelation(); // non-zero, a forward: the reply goes straight to the asker
            } else if (isTemporary(sender)) {
                PendingReplies.Entry p = pending.register(peer.endpoint(), via, null, sender, config.replyTimeout(),
                        target, message.getClass().getName());
                from = refs.tempData();
                correlation = p.id();
            } else {
                from = refs.localData(sender);
            }
        }
        String typeId = s.typeId();
        TypeIdSize known = lastTypeId; // plain load of an immutable holder: a stale one only misses
        if (known == null || known.typeId != typeId) {
            known = new TypeIdSize(typeId, OutboundTell.typeIdSize(typeId));
            lastTypeId = known;
        }
        OutboundTell tell = new OutboundTell(from, target.wireData(), typeId, known.size, s.bytes(), correlation);
        if (checkSize(via, tell.frameBytes, correlation, message)) {
            if (refused(via) || !via.send(tell)) {
                undelivered(via, correlation, message, sender, target);
                return;
            }
            stats.sent(via.peer(), tell.frameBytes);
        }
    }

    /** A type id and the size of its field, kept for the next send: serializers hand out the same string each time. */
    private record TypeIdSize(String typeId, int size) {
    }

    /** The ask timeout of the local system, for asks of a remote ref that name none. */
    Duration askTimeout() {
        return system.config().askTimeout();
    }

    /** An ask of {@code target}: the stage completes with the reply, or fails (timeout, connection lost). */
    CompletionStage<Object> ask(RemoteActorRef target, Object message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ask timeout must be positive, was " + timeout);
        }
        Serialization.Serialized s = serialization.serialize(message, refs);
        Peer peer = peers.peer(target.endpoint());
        OutboundConnection via = peer.slotFor(target.path());
        CompletableFuture<Object> future = new CompletableFuture<>();
        PendingReplies.Entry p = pending.register(peer.endpoint(), via, future, null, timeout, target,
                message.getClass().getName());
        Envelope env = envelope(target, s, message, true).setSender(refs.tempData()).setCorrelationId(p.id()).buildPartial();
        emit(via, env, message, null, target);
        return future;
    }

    /** Sends a request to the node at {@code endpoint}; the stage completes with its response. */
    CompletionStage<Object> request(Endpoint endpoint, MessageLite request, Duration timeout) {
        Serialization.Serialized s = serialization.serialize(request, refs);
        OutboundConnection via = peers.peer(endpoint).control();
        CompletableFuture<Object> future = new CompletableFuture<>();
        PendingReplies.Entry p = pending.register(endpoint, via, future, null, timeout, null,
                request.getClass().getSimpleName() + " to " + endpoint);
        Envelope env = Envelope.newBuilder().setTypeId(s.typeId())
                .setPayload(UnsafeByteOperations.unsafeWrap(s.bytes()))
                .setSender(refs.tempData()).setCorrelationId(p.id()).build();
        emit(via, env, request, null, null);
        return future;
    }

    /** Queues a control message on the first slot to {@code to}; dropped once closed. */
    void control(Endpoint to, String typeId, MessageLite msg) {
        if (closed) {
            return;
        }
        Envelope env = Envelope.newBuilder().setTypeId(typeId).setPayload(msg.toByteString()).build();
        OutboundConnection via = peers.peer(to).control();
        if (via.send(env, FrameEncoder.frameBytes(env))) {
            stats.controlSent(via.peer());
        }
    }

    private void reply(RemoteActorRef asker, Object message, ActorRef sender) {
        Envelope.Builder env = Envelope.newBuilder().setCorrelationId(asker.replyCorrelation());
        if (sender != null && !(sender instanceof RemoteActorRef) && !isTemporary(sender)) {
            env.setSender(refs.localData(sender));
        }
        SerializationException refused = null;
        if (message instanceof Status.Failure f) {
            boolean notAlive = f.cause() instanceof ActorNotAliveException;
            env.setKind(Envelope.Kind.REPLY_FAILURE)
                    .setTypeId(notAlive ? ControlTypes.NOT_ALIVE : ControlTypes.FAILURE)
                    .setPayload(ByteString.copyFromUtf8(notAlive
                            ? String.valueOf(f.cause().getMessage()) : String.valueOf(f.cause())));
        } else {
            try {
                Serialization.Serialized s = serialization.serialize(message, refs);
                env.setKind(Envelope.Kind.REPLY).setTypeId(s.typeId())
                        .setPayload(UnsafeByteOperations.unsafeWrap(s.bytes()));
            } catch (SerializationException e) {
                refused = e; // the asker learns at once instead of timing out; the replier gets the exception
                env.setKind(Envelope.Kind.REPLY_FAILURE).setTypeId(ControlTypes.FAILURE)
                        .setPayload(ByteString.copyFromUtf8("reply not serializable: " + e.getMessage()));
            }
        }
        if (asker.endpoint().equals(self)) {
            replies.complete(InboundEnvelope.of(env.build(), 0), self);
        } else {
            OutboundConnection via = peers.peer(asker.endpoint()).slotFor(asker.path());
            emit(via, env.buildPartial(), message, sender, asker);
        }
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * The serialized bytes are ours alone, so the envelope wraps them instead of copying. Headers come from the
     * propagators and the message context hook, if any; {@code ask} names the hook's operation.
     */
    private Envelope.Builder envelope(RemoteActorRef target, Serialization.Serialized s, Object message, boolean ask) {
        Envelope.Builder env = Envelope.newBuilder()
                .setReceiver(target.wireData())
                .setTypeId(s.typeId())
                .setPayload(UnsafeByteOperations.unsafeWrap(s.bytes()));
        Object context = hook == null ? null : hook.capture(target, null, message,
                ask ? MessageContextHook.Operation.ASK : MessageContextHook.Operation.TELL);
        if (!propagators.isEmpty() || context != null) {
            Map<String, String> headers = new HashMap<>();
            for (ContextPropagator p : propagators) {
                p.inject(headers);
            }
            if (context != null) {
                hook.inject(context, headers);
            }
            env.putAllHeaders(headers);
        }
        return env;
    }

    private void emit(OutboundConnection via, Envelope env, Object message, ActorRef sender, ActorRef target) {
        int size = FrameEncoder.frameBytes(env);
        long tellCorrelation = env.getKind() == Envelope.Kind.TELL ? env.getCorrelationId() : 0;
        if (!checkSize(via, size, tellCorrelation, message)) {
            return;
        }
        if (refused(via) || !via.send(env, size)) {
            undelivered(via, tellCorrelation, message, sender, target);
            return;
        }
        stats.sent(via.peer(), size);
    }

    /**
     * Whether a frame of {@code size} bytes may go to {@code via}'s peer; throws, after discarding the pending reply
     * of {@code tellCorrelation} (a tell's correlation id, or 0), when it is larger than a side reads.
     */
    private boolean checkSize(OutboundConnection via, int size, long tellCorrelation, Object message) {
        // Every peer reads frames up to the smallest max frame size, so only a larger frame reads the peer's limit.
        if (size > Limits.MIN_FRAME_SIZE && size > Math.min(maxFrameSize, via.peer().maxFrameSize())) {
            if (tellCorrelation != 0) {
                PendingReplies.Entry p = pending.get(tellCorrelation);
                if (p != null) {
                    pending.discard(p); // the caller gets the exception instead
                }
            }
            int peerMax = via.peer().maxFrameSize();
            throw new SerializationException(message.getClass().getName() + " is " + size
                    + " bytes on the wire, more than the max frame size " + (peerMax < maxFrameSize
                    ? peerMax + " of the peer " + via.peer().endpoint() : maxFrameSize));
        }
        return true;
    }

    /** Whether sends to {@code via}'s peer are refused before queueing: the peer departed, or this side closed. */
    private boolean refused(OutboundConnection via) {
        return via.peer().departedWhy() != null || closed;
    }

    /** A message that was not queued: a dead letter, and a failure for the ask of {@code tellCorrelation}, if any. */
    private void undelivered(OutboundConnection via, long tellCorrelation, Object message, ActorRef sender,
                             ActorRef target) {
        String gone = via.peer().departedWhy();
        Endpoint to = via.peer().endpoint();
        stats.failure(to, FailureKind.UNDELIVERED);
        system.deadLetter(message, sender, target, DeadLetter.Reason.ACTOR_STOPPED, "remoting to " + to
                + " refused the message (" + (gone != null ? "the peer " + gone
                : "closed, backlog full, or the peer too far behind") + ")");
        if (tellCorrelation != 0) {
            PendingReplies.Entry p = pending.get(tellCorrelation);
            if (p != null) {
                pending.fail(p, new RemoteUnreachableException(gone != null ? "peer " + to + " " + gone
                        : "cannot send to " + to));
            }
        }
    }

    private static boolean isTemporary(ActorRef ref) {
        if (ref instanceof InternalActorRef r) {
            return !(ref instanceof RemoteActorRef) && r.isTemporary();
        }
        return ref.path().startsWith("/temp/");
    }
}
