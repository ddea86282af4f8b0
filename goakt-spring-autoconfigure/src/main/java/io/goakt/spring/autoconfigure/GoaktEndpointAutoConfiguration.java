package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.actuate.ActorsEndpoint;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.actuate.GrainsEndpoint;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.KindNames;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator endpoints {@code actors}, {@code grains} and, with a cluster, {@code cluster}, when Actuator is on the
 * classpath and each is exposed.
 */
@AutoConfiguration(after = {GoaktAutoConfiguration.class, GoaktClusterAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(ActorSystem.class)
public final class GoaktEndpointAutoConfiguration {

    /** The actors endpoint over the application's system; {@code @ActorComponent}s by their component names. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(ActorsEndpoint.class)
    ActorsEndpoint goaktActorsEndpoint(ActorSystem system, ObjectProvider<ActorKinds> kinds) {
        return new ActorsEndpoint(system, KindNames.of(kinds.getIfAvailable()));
    }

    /** The grains endpoint over the application's system. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(GrainsEndpoint.class)
    GrainsEndpoint goaktGrainsEndpoint(ActorSystem system) {
        return new GrainsEndpoint(system);
    }

    /** The cluster endpoint over the application's membership. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ClusterLifecycle.class)
    @ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
    ClusterEndpoint goaktClusterEndpoint(ClusterLifecycle lifecycle) {
        return new ClusterEndpoint(lifecycle);
    }
}
