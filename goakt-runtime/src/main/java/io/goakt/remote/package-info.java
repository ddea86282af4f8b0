/**
 * Remoting: actor systems in different JVMs talk as if local.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * ActorSystem system = ActorSystem.create("orders", ActorSystemConfig.builder()
 *         .interceptor(new RemoteContextInterceptor())          // only if you use ContextPropagators
 *         .build());
 * Remoting remoting = Remoting.start(system, RemotingConfig.builder()
 *         .host("0.0.0.0").port(7355).advertisedHost("orders-1.internal")
 *         .serialization(Serialization.builder()
 *                 .register("orders.PlaceOrder", PlaceOrder.class)   // a record: Jackson CBOR
 *                 .register("orders.Receipt", Receipt.class)         // a protobuf Message: native
 *                 .build())
 *         .kind("worker", Worker::new)                             // peers may spawn these here
 *         .compression(Compression.ZSTD, Compression.NONE)
 *         .tls(TlsSettings.fromPem(chain, key, trusted, true))     // mutual TLS
 *         .build());
 * ActorRef billing = remoting.actorRef(new Endpoint("billing-1.internal", 7355), "billing", "invoices");
 * billing.tell(new PlaceOrder(...), self);                         // like a local ref
 * }</pre>
 * {@link io.goakt.remote.Remoting} is an extension of the system: it is closed at shutdown, after every actor
 * stopped. {@code Remoting.start} needs a system made by {@code ActorSystem.create}. Refs to remote actors are plain
 * {@code ActorRef}s; {@link io.goakt.remote.Remoting#headersOf} and {@link io.goakt.remote.RemoteHeaders} read the
 * headers a remote message carried. A spawn a peer requests runs the kind's {@code preStart} on the dispatcher its
 * {@code SpawnOptions} select (the system's default dispatcher otherwise), never on a network thread.
 *
 * <h2>Wire format</h2>
 * A connection carries frames: a 4-byte big-endian length (at most {@code maxFrameSize}, 4 MiB by default) and a
 * protobuf {@code Frame} ({@code src/main/proto/goakt/remote/remote.proto}). The client opens with {@code Hello}
 * (protocol version, system name, advertised endpoint, compressions it offers); the server answers
 * {@code HelloAck} (its choice of compression, or a refusal). Then the client sends {@code Envelope}s
 * ({@code sender, receiver, type_id, payload, correlation_id, headers, kind}) and heartbeats, which the server
 * echoes. Each node sends only on connections it opened; replies travel on the replier's own connection.
 * {@code type_id} names an entry of the {@link io.goakt.serialization.Serialization} allow-list, never a class;
 * ids starting with {@code goakt.} are the runtime's (watch, unwatch, death notification, lookup, spawn, stop,
 * poison pill).
 *
 * <h2>Failure model</h2>
 * Bad input (a malformed or oversized frame, a frame before the handshake, a failed TLS handshake, a silent
 * connection) closes that one connection, is logged once with the peer's address and counted
 * ({@link io.goakt.remote.RemoteMetrics#failure}); a payload with an unknown type id becomes a dead letter
 * ({@link io.goakt.remote.UndeliverableMessage}). An ask fails with
 * {@link io.goakt.remote.RemoteUnreachableException} when the connection it went out on is lost, and with
 * {@code AskTimeoutException} on its timeout. A peer with no connection for {@code unreachableAfter} counts as
 * gone: its watched actors deliver {@code Terminated}.
 *
 * <h2>Trust</h2>
 * A peer that completes the handshake may send to any actor, watch, look up, stop actors, and spawn registered
 * kinds. Use mutual TLS to decide who may connect.
 *
 * <h2>Neighbours</h2>
 * Builds on {@link io.goakt.actor} (a remote ref is an {@code ActorRef}; {@link io.goakt.remote.Remoting} is an
 * extension of the {@code ActorSystem}) and {@link io.goakt.serialization} (the allow-list of types that cross the
 * wire). Nothing in {@code actor} knows about remoting. The Netty pipeline, the frame codec, the handshake, the
 * per-connection key tables, the coalescing writer and the generated protobuf classes are in
 * {@code io.goakt.internal.remote}; this package holds what an application configures and observes.
 */
package io.goakt.remote;
