package io.goakt.sample.notifier;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The notifier's supervision: restart on failure, at most 10 times a minute, then stop it. */
@Configuration(proxyBeanMethods = false)
public class SupervisionConfig {

    /** Named in {@code @ActorComponent(supervisor = "notifierSupervisor")}. */
    @Bean
    SupervisorStrategy notifierSupervisor() {
        return SupervisorStrategy.oneForOne()
                .on(IllegalStateException.class, Directive.RESTART)
                .otherwise(Directive.STOP)
                .maxRestarts(10, Duration.ofMinutes(1))
                .build();
    }
}
