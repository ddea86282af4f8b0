package com.example.supervision;

import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration
public class SupervisionConfig {

    @Bean   // chosen by @ActorComponent(name = "wallet", supervisor = "walletSupervisor")
    SupervisorStrategy walletSupervisor() {
        return SupervisorStrategy.oneForOne()
                .on(IllegalArgumentException.class, Directive.RESUME)  // keep the instance and its state
                .otherwise(Directive.RESTART)
                .maxRestarts(5, Duration.ofMinutes(1))                 // past the limit the actor is stopped
                .build();
    }

    @Bean   // for every actor that names no strategy
    ActorSystemCustomizer defaultSupervision() {
        return builder -> builder.defaultSupervisor(SupervisorStrategy.oneForOne()
                .maxRestarts(10, Duration.ofMinutes(1))
                .build());
    }
}
