package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.util.Limits;
import io.goakt.remote.Endpoint;
import io.goakt.serialization.ActorRefResolver;
import io.goakt.serialization.SerializationException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refs on the wire and back: a local ref as the {@link ActorRefData} an envelope carries, wire data as a local or
 * {@link RemoteActorRef}, and, for refs inside messages, the text form {@code goakt://system@host:port/path#uid}.
 * Parsing is strict and allocation-bounded, since the text comes from the network.
 *
 * <p>Threading: any thread. The cache is a concurrent map; a racing second build of one entry is harmless. The
 * engine's {@code outbound} and {@code deathWatch}, which the remote refs made here hold, are read from the
 * engine's final fields at each use, never during the engine's constructor (which made this codec before them);
 * any thread that decodes a ref got the engine after its constructor ended, through the system's extension map or
 * an event-loop task submitted after it (see {@link NettyNode#startAccepting}).
 */
final class RefCodec implements ActorRefResolver {

    /** The scheme of the text form. */
    static final String SCHEME = "goakt://";
    /** The path every ask's reply is addressed to; the correlation id, not the path, finds the asker. */
    private static final String TEMP_PATH = "/temp/remote-ask";
    /** Entries a wire cache holds before it is emptied. */
    static final int CACHE_LIMIT = 10_000;
    /** Longest text form written to or accepted from the network. */
    private static final int MAX_TEXT_LENGTH = Limits.MAX_REF_TEXT_LENGTH;
    /** Longest part of a refused text quoted in an error. */
    private static final int QUOTE_LENGTH = 100;

    private final InternalActorSystem system;
    private final Endpoint self;
    private final RemotingEngine engine;
    /** The sender of every ask: replies are routed by correlation id to this node's temporary path. */
    private final ActorRefData tempData;
    /** Local senders as the wire carries them; see {@link #localData}. */
    private final ConcurrentHashMap<ActorRef, ActorRefData> localRefData = new ConcurrentHashMap<>();

    /** For {@code engine}, whose sending and death watch the remote refs made here use. */
    RefCodec(InternalActorSystem system, Endpoint self, RemotingEngine engine) {
        this.system = system;
        this.self = self;
        this.engine = engine;
        this.tempData = ActorRefData.newBuilder().setSystem(system.name()).setHost(self.host()).setPort(self.port())
                .setPath(TEMP_PATH).build();
    }

    /** The sender data of an ask: this node's temporary path. */
    ActorRefData tempData() {
        return tempData;
    }

    /**
     * The ref for {@code address}: the local actor when the address is this node's (and the ref answers no ask and
     * echoes no watch), else a remote ref.
     */
    ActorRef refFor(Address address, long uid, long correlationId, Map<String, String> headers,
                    ActorRefData watcheeAsSent) {
        if (address.isLocal() || (address.host().equals(self.host()) && address.port() == self.port()
                && address.system().equals(system.name()) && correlationId == 0 && watcheeAsSent == null)) {
            return system.actorOf(address.path());
        }
        return remote(address, uid, correlationId, headers, watcheeAsSent);
    }

    /** The ref for wire data; see {@link #refFor}. */
    ActorRef refFromData(ActorRefData d, long correlationId, Map<String, String> headers,
                         ActorRefData watcheeAsSent) {
        return refFor(address(d), d.getUid(), correlationId, headers, watcheeAsSent);
    }

    /** A remote ref for wire data even when it names this node: a proxy that answers over the network. */
    RemoteActorRef remoteFromData(ActorRefData d, long correlationId, ActorRefData watcheeAsSent) {
        return remote(address(d), d.getUid(), correlationId, Map.of(), watcheeAsSent);
    }

    private RemoteActorRef remote(Address address, long uid, long correlationId, Map<String, String> headers,
                                  ActorRefData watcheeAsSent) {
        return new RemoteActorRef(engine.outbound, engine.deathWatch, address, uid, correlationId,
                Map.copyOf(headers), watcheeAsSent);
    }

    private static Address address(ActorRefData d) {
        return new Address(d.getSystem(), d.getHost(), d.getPort(), d.getPath());
    }

    /**
     * A sender as the wire carries it. A local one is cached: a sender usually sends many messages, and building
     * the data (and sizing its strings) per message showed in profiles.
     */
    ActorRefData localData(ActorRef ref) {
        if (ref instanceof RemoteActorRef r) {
            return r.wireData();
        }
        ActorRefData d = localRefData.get(ref);
        if (d == null) {
            d = ActorRefData.newBuilder().setSystem(system.name()).setHost(self.host()).setPort(self.port())
                    .setPath(ref.path()).setUid(ref.uid()).build();
            putBounded(localRefData, ref, d);
        }
        return d;
    }

    /** Puts into one of the wire caches, first emptying it when it holds {@value #CACHE_LIMIT} entries. */
    static <K, V> void putBounded(Map<K, V> cache, K key, V value) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, value);
    }

    @Override
    public String toWire(ActorRef ref) {
        ActorRefData d = localData(ref);
        String wire = SCHEME + d.getSystem() + "@" + d.getHost() + ":" + d.getPort() + d.getPath() + "#" + d.getUid();
        if (wire.length() > MAX_TEXT_LENGTH) {
            // Refused here, on the sender's thread, rather than by the peer, where the message would be lost.
            throw new SerializationException("the ref " + wire.substring(0, QUOTE_LENGTH) + "... has "
                    + wire.length() + " characters, more than the " + MAX_TEXT_LENGTH + " a peer reads");
        }
        return wire;
    }

    @Override
    public ActorRef fromWire(String wire) {
        if (wire == null || wire.length() > MAX_TEXT_LENGTH || !wire.startsWith(SCHEME)) {
            throw notARef(wire, null);
        }
        try {
            String rest = wire.substring(SCHEME.length());
            int hash = rest.lastIndexOf('#');
            int at = rest.indexOf('@');
            int slash = at < 0 ? -1 : rest.indexOf('/', at);
            int colon = slash < 0 ? -1 : rest.lastIndexOf(':', slash);
            if (hash < 0 || at <= 0 || slash < 0 || colon <= at || hash < slash) {
                throw notARef(wire, null);
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
            throw notARef(wire, e);
        }
    }

    private static SerializationException notARef(String wire, Throwable cause) {
        String quoted = wire == null ? "null"
                : wire.length() <= QUOTE_LENGTH ? wire : wire.substring(0, QUOTE_LENGTH) + "...";
        return new SerializationException("not an actor ref: " + quoted, cause);
    }
}
