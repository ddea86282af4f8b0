/**
 * Serialization of messages that cross the network: an allow-list of types with stable ids
 * ({@link io.goakt.serialization.Serialization}), the {@link io.goakt.serialization.Serializer} SPI, protobuf
 * messages natively and records or POJOs through Jackson 3 (CBOR by default). A receiver maps a type id to the
 * class the application registered, or refuses it; it never loads a class named by the network.
 */
package io.goakt.serialization;
