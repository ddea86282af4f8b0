package io.goakt.spring;

import io.goakt.remote.RemotingConfig;

/**
 * Adjusts the {@link RemotingConfig} of the auto-configured remoting for what {@code goakt.remoting.*} properties do
 * not cover: context propagators, remote-spawnable kinds that are not {@link ActorComponent}s, metrics hooks,
 * timeouts, I/O threads. Declare beans of this type; they run in {@link org.springframework.core.annotation.Order}
 * after the properties were applied.
 *
 * <p>The builder's settings may be given once, so a customizer must not set what a property or the
 * auto-configuration already sets (host, port, advertised host and port, max frame size, compression, TLS,
 * serialization): start-up fails naming the setting. Register message types with a
 * {@link RemoteSerializationCustomizer}; {@link ActorComponent} kinds are already spawnable by their name.
 *
 * <pre>{@code
 * @Bean
 * RemotingCustomizer tracing(Tracer tracer) {
 *     return builder -> builder.propagator(new TracePropagator(tracer));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RemotingCustomizer {

    /** Adds settings to {@code builder}. */
    void customize(RemotingConfig.Builder builder);
}
