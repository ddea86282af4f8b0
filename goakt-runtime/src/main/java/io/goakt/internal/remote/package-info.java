/**
 * Remoting internals: the Netty pipeline (frame codec, handshake, heartbeats, compression), the transport choice
 * and the generated wire classes ({@code io.goakt.internal.remote.proto}). Not for applications.
 */
package io.goakt.internal.remote;
