package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.spring.web.GoaktExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/** HTTP statuses and problem details for actor failures in Spring MVC controllers ({@link GoaktExceptionHandler}). */
@AutoConfiguration(after = GoaktAutoConfiguration.class)
@ConditionalOnClass({DispatcherServlet.class, ActorSystem.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ActorSystem.class)
public final class GoaktWebMvcAutoConfiguration {

    /**
     * Problem details for actor failures (504 for ask timeouts, 503 for actors that are not alive, ...), with the
     * exceptions' messages only under {@code goakt.web.problem-details.include-exception-message}.
     */
    @Bean
    @ConditionalOnMissingBean
    GoaktExceptionHandler goaktExceptionHandler(GoaktProperties properties) {
        return new GoaktExceptionHandler(properties.getWeb().getProblemDetails().isIncludeExceptionMessage());
    }
}
