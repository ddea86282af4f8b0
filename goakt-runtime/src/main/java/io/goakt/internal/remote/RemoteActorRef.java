package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.remote.Endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A ref to an actor on another node. It behaves like a local ref: {@code tell} serializes the message and queues
 * it on the connection to that node ({@link Outbound}), {@code ask} waits for a reply routed back by correlation
 * id, and death watch works across nodes ({@link RemoteDeathWatch}).
 *
 * <p>A ref that arrived as the sender of an inbound message carries that message's {@link #headers()}; if the
 * message was an ask, telling the ref answers it ({@link #replyCorrelation()} is the ask's id).
 *
 * <p>Threading: immutable apart from the cached wire form; any thread.
 */
public final class RemoteActorRef extends InternalActorRef {

    private final Outbound outbound;
    private final RemoteDeathWatch deathWatch;
    private final Address address;
    private final long uid;
    private final Endpoint endpoint;
    private final long replyCorrelation;
    private final Map<String, String> headers;
    private final ActorRefData watcheeAsSent;
    /**
     * This ref on the wire, built on first send; a racing second build is harmless. Volatile: a protobuf message's
     * fields are not final, so the store in {@link #wireData} publishes it safely to the volatile load of every
     * other sending thread.
     */
    private volatile ActorRefData wireData;

    RemoteActorRef(Outbound outbound, RemoteDeathWatch deathWatch, Address address, long uid, long replyCorrelation,
                   Map<String, String> headers, ActorRefData watcheeAsSent) {
        this.outbound = outbound;
        this.deathWatch = deathWatch;
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
    ActorRefData wireData() {
        ActorRefData d = wireData; // volatile load; pairs with the volatile store below
        if (d == null) {
            d = ActorRefData.newBuilder().setSystem(address.system())
                    .setHost(address.host()).setPort(address.port()).setPath(address.path()).setUid(uid).build();
            wireData = d; // volatile store: publishes the built message
        }
        return d;
    }

    /** The correlation id of the ask this ref answers, or 0 when it answers none. */
    long replyCorrelation() {
        return replyCorrelation;
    }

    /** For a proxy of a remote watcher, the watched actor exactly as the watcher sent it; else null. */
    ActorRefData watcheeAsSent() {
        return watcheeAsSent;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        outbound.send(this, message, sender);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return outbound.ask(this, message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return outbound.askTimeout();
    }

    @Override
    public boolean sendWatch(ActorRef watcher) {
        deathWatch.watch(this, watcher);
        return true;
    }

    @Override
    public void sendUnwatch(ActorRef watcher) {
        deathWatch.unwatch(this, watcher);
    }

    @Override
    public void sendDeathNotification(ActorRef dead) {
        deathWatch.sendDeathNotification(this, dead);
    }
}
