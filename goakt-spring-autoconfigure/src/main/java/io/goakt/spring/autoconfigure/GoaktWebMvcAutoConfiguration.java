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

/** HTTP statuses for actor failures in Spring MVC controllers ({@link GoaktExceptionHandler}). */
@AutoConfiguration(after = GoaktAutoConfiguration.class)
@ConditionalOnClass({DispatcherServlet.class, ActorSystem.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ActorSystem.class)
public final class GoaktWebMvcAutoConfiguration {

    /** 504 for ask timeouts, 503 for actors that are not alive. */
    @Bean
    @ConditionalOnMissingBean
    GoaktExceptionHandler goaktExceptionHandler() {
        return new GoaktExceptionHandler();
    }
}
