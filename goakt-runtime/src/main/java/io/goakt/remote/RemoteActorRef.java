package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.internal.actor.InternalActorRef;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A ref to an actor on another node. It behaves like a local ref: {@code tell} serializes the message and queues
 * it on the connection to that node (messages from one sender to one receiver keep their order), {@code ask}
 * waits for a reply routed back by correlation id, and death watch works across nodes, including a
 * {@code Terminated} when the node stays unreachable for {@link RemotingConfig#unreachableAfter()}.
 *
 * <p>A ref that arrived as the sender of an inbound message carries that message's {@link #headers()}; if the
 * message was an ask, telling the ref answers it.
 *
 * <p>Threading: immutable; any thread. {@code tell} and {@code ask} throw
 * {@link io.goakt.serialization.SerializationException} on the caller's thread when the message's type is not
 * registered.
 */
public final class RemoteActorRef extends InternalActorRef {

    private final Remoting remoting;
    private final Address address;
    private final long uid;
    private final Endpoint endpoint;
    private final long replyCorrelation;
    private final Map<String, String> headers;
    private final io.goakt.internal.remote.proto.ActorRefData watcheeAsSent;
    /**
     * This ref on the wire, built on first send; a racing second build is harmless. Volatile: a protobuf message's
     * fields are not final, so it must be published safely to the other sending threads.
     */
    private volatile io.goakt.internal.remote.proto.ActorRefData wireData;

    RemoteActorRef(Remoting remoting, Address address, long uid, long replyCorrelation, Map<String, String> headers,
                   io.goakt.internal.remote.proto.ActorRefData watcheeAsSent) {
        this.remoting = remoting;
        this.address = address;
        this.uid = uid;
        this.endpoint = new Endpoint(address.host(), address.port());
        this.replyCorrelation = replyCorrelation;
        this.headers = headers;
        this.watcheeAsSent = watcheeAsSent;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public long uid() {
        return uid;
    }

    /** The node this actor lives on. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The headers of the inbound message this ref was the sender of; empty otherwise. */
    public Map<String, String> headers() {
        return headers;
    }

    /** This ref as the wire carries it; cached, since every message to it carries it. */
    io.goakt.internal.remote.proto.ActorRefData wireData() {
        io.goakt.internal.remote.proto.ActorRefData d = wireData;
        if (d == null) {
            d = io.goakt.internal.remote.proto.ActorRefData.newBuilder().setSystem(address.system())
                    .setHost(address.host()).setPort(address.port()).setPath(address.path()).setUid(uid).build();
            wireData = d;
        }
        return d;
    }

    long replyCorrelation() {
        return replyCorrelation;
    }

    io.goakt.internal.remote.proto.ActorRefData watcheeAsSent() {
        return watcheeAsSent;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        remoting.send(this, message, sender);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return remoting.ask(this, message, timeout);
    }

    @Override
    public boolean sendWatch(ActorRef watcher) {
        remoting.watch(this, watcher);
        return true;
    }

    @Override
    public void sendUnwatch(ActorRef watcher) {
        remoting.unwatch(this, watcher);
    }

    @Override
    public void sendDeathNotification(ActorRef dead) {
        remoting.sendDeathNotification(this, dead);
    }
}
