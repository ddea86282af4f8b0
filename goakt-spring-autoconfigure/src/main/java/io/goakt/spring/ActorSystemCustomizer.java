package io.goakt.spring;

import io.goakt.actor.ActorSystemConfig;

/**
 * Adjusts the {@link ActorSystemConfig} of the auto-configured system for what {@code goakt.*} properties do not
 * cover: interceptors, extra dispatchers, supervisor strategies, a scheduler. Declare beans of this type; they run
 * in {@link org.springframework.core.annotation.Order} after the properties were applied.
 *
 * <p>The builder's settings may be given once, so a customizer must not set what a property already sets (ask
 * timeout, shutdown timeout, throughput, parallelism, default mailbox): start-up fails naming the setting.
 */
@FunctionalInterface
public interface ActorSystemCustomizer {

    /** Adds settings to {@code builder}. */
    void customize(ActorSystemConfig.Builder builder);
}
