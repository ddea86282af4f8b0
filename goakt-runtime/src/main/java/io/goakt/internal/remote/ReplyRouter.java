package io.goakt.internal.remote;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.Status;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.remote.Endpoint;
import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteFailureException;
import io.goakt.remote.UndeliverableMessage;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;

import java.util.Map;

/**
 * Completes the asks this node sent: a reply envelope finds its {@link PendingReplies} entry by correlation id and
 * completes the asker's stage, or tells the local temporary sender that waits in a reply slot. A failed reply
 * arrives as text ({@link ControlTypes#FAILURE}, {@link ControlTypes#NOT_ALIVE}) and becomes a
 * {@link Status.Failure}; a reply that comes after its entry is gone (answered, timed out, failed) is a dead
 * letter.
 *
 * <p>Threading: any thread (event loops for replies from peers, the replier's thread for a reply to itself);
 * {@link PendingReplies#take} decides which of reply, timeout and failure wins.
 */
final class ReplyRouter {

    private final InternalActorSystem system;
    private final Serialization serialization;
    private final RefCodec refs;
    private final PendingReplies pending;
    private final TrafficStats stats;

    ReplyRouter(InternalActorSystem system, Serialization serialization, RefCodec refs, PendingReplies pending,
                TrafficStats stats) {
        this.system = system;
        this.serialization = serialization;
        this.refs = refs;
        this.pending = pending;
        this.stats = stats;
    }

    /** Routes the reply {@code in} that came from {@code from}. */
    void complete(InboundEnvelope in, Endpoint from) {
        WireEnvelope env = in.wire();
        PendingReplies.Entry p = pending.take(env.getCorrelationId());
        Object reply = decode(in, from);
        if (p == null) {
            system.deadLetter(reply, null, null, DeadLetter.Reason.ASK_COMPLETED,
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
            ActorRef replier = in.sender() != null ? refs.refFromData(in.sender(), 0, Map.of(), null) : null;
            p.replyTo().tell(reply, replier);
        }
    }

    private Object decode(InboundEnvelope in, Endpoint from) {
        WireEnvelope env = in.wire();
        if (env.getKind() == Envelope.Kind.REPLY_FAILURE) {
            String text = env.getPayload().toStringUtf8();
            return new Status.Failure(ControlTypes.NOT_ALIVE.equals(in.typeId())
                    ? new ActorNotAliveException(text) : new RemoteFailureException(text));
        }
        try {
            return serialization.deserialize(in.typeId(), env.getPayload().toByteArray(), refs);
        } catch (SerializationException e) {
            stats.failure(from, FailureKind.UNKNOWN_TYPE);
            UndeliverableMessage u = new UndeliverableMessage(in.typeId(), env.getPayload().size(), from,
                    e.getMessage());
            system.deadLetter(u, null, null, DeadLetter.Reason.UNHANDLED, "undecodable reply from " + from + ": "
                    + e.getMessage());
            return new Status.Failure(e);
        }
    }
}
