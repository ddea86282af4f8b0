package io.goakt.spring.autoconfigure;

import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.actuate.GoaktClusterHealthIndicator;
import io.goakt.spring.actuate.GoaktHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Health indicators {@code goakt} (the actor system) and, with a cluster, {@code goaktCluster}, when Spring Boot's
 * health support is on the classpath.
 */
@AutoConfiguration(after = {GoaktAutoConfiguration.class, GoaktClusterAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
public final class GoaktHealthAutoConfiguration {

    /** Named so that its contributor is {@code goakt}. */
    @Bean
    @ConditionalOnBean(ActorSystemLifecycle.class)
    @ConditionalOnEnabledHealthIndicator("goakt")
    @ConditionalOnMissingBean(name = "goaktHealthIndicator")
    GoaktHealthIndicator goaktHealthIndicator(ActorSystemLifecycle lifecycle) {
        return new GoaktHealthIndicator(lifecycle);
    }

    /** Named so that its contributor is {@code goaktCluster}; off with {@code management.health.goaktcluster.enabled=false}. */
    @Bean
    @ConditionalOnBean(ClusterLifecycle.class)
    @ConditionalOnEnabledHealthIndicator("goaktcluster")
    @ConditionalOnMissingBean(name = "goaktClusterHealthIndicator")
    GoaktClusterHealthIndicator goaktClusterHealthIndicator(ClusterLifecycle lifecycle) {
        return new GoaktClusterHealthIndicator(lifecycle);
    }
}
