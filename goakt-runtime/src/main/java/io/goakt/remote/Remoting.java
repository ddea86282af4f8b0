package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.internal.remote.RemotingEngine;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A node's remoting: its server, its connections to peers, and the refs that make an actor on another node behave
 * like a local one. One per actor system, as an extension: start it with {@link #start}; it closes itself when the
 * system shuts down (after every actor stopped, so their last death notifications still go out).
 *
 * <p>A ref to a remote actor ({@link #actorRef}, {@link #lookup}, {@link #spawn}, or the sender of a message that
 * came from the network) is an ordinary {@link ActorRef}: {@code tell} serializes the message and queues it on the
 * connection to that node (messages from one sender to one receiver keep their order), {@code ask} waits for a
 * reply routed back by correlation id, and death watch works across nodes, including a {@code Terminated} when the
 * node stays unreachable for {@link RemotingConfig#unreachableAfter()}. {@code tell} and {@code ask} throw
 * {@link io.goakt.serialization.SerializationException} on the caller's thread when the message's type is not
 * registered.
 *
 * <p>An ask fails with {@link RemoteUnreachableException} when the connection it went out on is lost, and with
 * {@link io.goakt.actor.AskTimeoutException} after its timeout. A spawn requested by a peer runs the actor's
 * {@code preStart} on a thread of this system's dispatcher (the one the kind's options select), never on a network
 * thread.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface Remoting extends AutoCloseable {

    /**
     * Starts remoting for {@code system} (binds its server), or returns the one already started, whose config
     * stays in force.
     *
     * @throws IllegalStateException    when the server cannot bind
     * @throws IllegalArgumentException when {@code system} was not made by {@link ActorSystem#create}
     */
    static Remoting start(ActorSystem system, RemotingConfig config) {
        Objects.requireNonNull(config, "config");
        return system.extension(Remoting.class, s -> RemotingEngine.start(s, config));
    }

    /** The remoting of {@code system}, if started. */
    static Optional<Remoting> of(ActorSystem system) {
        return system.extension(Remoting.class);
    }

    /** The system this remoting serves. */
    ActorSystem system();

    /** The settings. */
    RemotingConfig config();

    /** Where peers reach this node: the advertised host and the bound (or advertised) port. */
    Endpoint endpoint();

    /** The socket address the server is bound to. */
    InetSocketAddress boundAddress();

    /** True when the native epoll transport is in use. */
    boolean usesEpoll();

    /**
     * A ref for {@code address}: the local actor when the address is this node's endpoint (or carries no host),
     * else a ref to the actor on that node, valid for any incarnation of it.
     */
    ActorRef actorRef(Address address);

    /** A ref for the actor at {@code nameOrPath} on system {@code systemName} at {@code endpoint}. */
    default ActorRef actorRef(Endpoint endpoint, String systemName, String nameOrPath) {
        String path = nameOrPath.startsWith("/") ? nameOrPath : "/user/" + nameOrPath;
        return actorRef(new Address(systemName, endpoint.host(), endpoint.port(), path));
    }

    /** Looks up the live actor at a top-level name or path on the node at {@code endpoint}. */
    CompletionStage<Optional<ActorRef>> lookup(Endpoint endpoint, String nameOrPath);

    /**
     * Spawns a top-level actor {@code name} of a {@code kind} registered on the node at {@code endpoint}
     * ({@link RemotingConfig.Builder#kind}). Fails with {@link RemoteFailureException} when the kind is unknown
     * there or the spawn failed.
     */
    CompletionStage<ActorRef> spawn(Endpoint endpoint, String name, String kind);

    /** Stops an actor, remote or local; completes with true once it stopped, false when it was not alive there. */
    CompletionStage<Boolean> stop(ActorRef ref);

    /**
     * The propagated headers that {@code sender} carries: for the sender ref of a message that came from a peer,
     * that message's headers; empty for any other ref. See {@link RemoteHeaders}.
     */
    Map<String, String> headersOf(ActorRef sender);

    /** Totals since start and traffic by peer; a snapshot built on each call, its cost growing with the peers. */
    RemoteStats stats();

    /** Asks and reply slots waiting for a reply now. */
    int pendingReplies();

    /** Remote actors watched by local actors now. */
    int watchedRemoteActors();

    /** Closes the server and every connection; pending asks fail. Idempotent. */
    @Override
    void close();
}
