package io.goakt.spring;

import io.goakt.serialization.Serialization;

/**
 * Registers message types that may cross the network, each under a stable type id, in the allow-list of the
 * auto-configured remoting. Declare one bean per module that owns messages; they all add to one
 * {@link Serialization}, in {@link org.springframework.core.annotation.Order}. A type id or a class registered twice
 * fails start-up naming both registrations.
 *
 * <pre>{@code
 * @Bean
 * RemoteSerializationCustomizer orderMessages() {
 *     return types -> types.register("orders.PlaceOrder", PlaceOrder.class)
 *                          .register("orders.Receipt", Receipt.class);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RemoteSerializationCustomizer {

    /** Registers types in {@code types}. */
    void customize(Serialization.Builder types);
}
