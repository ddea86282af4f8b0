/**
 * Serialization of messages that cross the network: an allow-list of types with stable ids
 * ({@link io.goakt.serialization.Serialization}), the {@link io.goakt.serialization.Serializer} SPI, protobuf
 * messages natively and records or POJOs through Jackson 3 (CBOR by default). A receiver maps a type id to the
 * class the application registered, or refuses it; it never loads a class named by the network.
 *
 * <p><b>Neighbours.</b> Builds on {@link io.goakt.actor} only: an actor ref inside a message is written through an
 * {@link io.goakt.serialization.ActorRefResolver}, which {@link io.goakt.remote} supplies, so this package does not
 * depend on remoting. Local messages never pass through here; only what crosses the network does.
 */
package io.goakt.serialization;
