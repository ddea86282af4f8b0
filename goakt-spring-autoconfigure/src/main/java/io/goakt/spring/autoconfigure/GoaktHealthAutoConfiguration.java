package io.goakt.spring.autoconfigure;

import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.actuate.GoaktHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** Health indicator {@code goakt}, when Spring Boot's health support is on the classpath. */
@AutoConfiguration(after = GoaktAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ActorSystemLifecycle.class)
@ConditionalOnEnabledHealthIndicator("goakt")
public final class GoaktHealthAutoConfiguration {

    /** Named so that its contributor is {@code goakt}. */
    @Bean
    @ConditionalOnMissingBean(name = "goaktHealthIndicator")
    GoaktHealthIndicator goaktHealthIndicator(ActorSystemLifecycle lifecycle) {
        return new GoaktHealthIndicator(lifecycle);
    }
}
