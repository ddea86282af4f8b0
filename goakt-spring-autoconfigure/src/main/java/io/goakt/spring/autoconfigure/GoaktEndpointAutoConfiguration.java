package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.spring.actuate.ActorsEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Actuator endpoint {@code actors}, when Actuator is on the classpath and the endpoint is exposed. */
@AutoConfiguration(after = GoaktAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(ActorSystem.class)
@ConditionalOnAvailableEndpoint(ActorsEndpoint.class)
public final class GoaktEndpointAutoConfiguration {

    /** The endpoint over the application's system. */
    @Bean
    @ConditionalOnMissingBean
    ActorsEndpoint goaktActorsEndpoint(ActorSystem system) {
        return new ActorsEndpoint(system);
    }
}
