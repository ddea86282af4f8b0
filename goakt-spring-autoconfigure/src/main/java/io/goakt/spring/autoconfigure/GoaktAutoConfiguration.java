package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.GrainClient;
import io.goakt.spring.ShutdownHook;
import io.goakt.spring.internal.ActorComponentRegistrar;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.ActorSystemConfigFactory;
import io.goakt.spring.internal.DefaultActorRegistry;
import io.goakt.spring.internal.DefaultGrainClient;
import io.goakt.spring.internal.GrainComponentRegistrar;
import io.goakt.spring.internal.GrainKinds;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The actor system, its lifecycle, the {@link ActorRegistry}, the {@link GrainClient} and the
 * {@code @ActorComponent} and {@code @GrainComponent} support. Every bean backs off when the application declares
 * its own of the same type.
 */
@AutoConfiguration
@ConditionalOnClass(ActorSystem.class)
@ConditionalOnBooleanProperty(name = "goakt.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GoaktProperties.class)
public final class GoaktAutoConfiguration {

    /** Finds {@code @ActorComponent} bean definitions; static so it runs before the configuration is created. */
    @Bean
    static ActorComponentRegistrar goaktActorComponentRegistrar() {
        return new ActorComponentRegistrar();
    }

    /** Finds {@code @GrainComponent} bean definitions; static so it runs before the configuration is created. */
    @Bean
    static GrainComponentRegistrar goaktGrainComponentRegistrar() {
        return new GrainComponentRegistrar();
    }

    /** The system config from {@code goakt.*} and the customizers; a bad property value fails here. */
    @Bean
    @ConditionalOnMissingBean
    ActorSystemConfig goaktActorSystemConfig(GoaktProperties properties,
                                             ObjectProvider<ActorSystemCustomizer> customizers) {
        return ActorSystemConfigFactory.create(properties, customizers.orderedStream().toList());
    }

    /** The actor system; its threads run from here on, its EAGER actors start with {@link ActorSystemLifecycle}. */
    @Bean
    @ConditionalOnMissingBean
    ActorSystem goaktActorSystem(GoaktProperties properties, ActorSystemConfig config) {
        ActorSystemConfigFactory.validate(properties);
        return ActorSystem.create(properties.getSystem().getName(), config);
    }

    /**
     * Refs by name and more instances of the declared kinds; a kind with a cluster attribute while
     * {@code goakt.cluster.enabled} is not true fails here naming that key.
     */
    @Bean
    @ConditionalOnMissingBean
    ActorRegistry goaktActorRegistry(ActorSystem system, ActorKinds kinds, BeanFactory beanFactory,
                                     GoaktProperties properties, Environment environment) {
        return new DefaultActorRegistry(system, kinds, beanFactory, properties.getMailbox().getCapacity(),
                environment.getProperty("goakt.cluster.enabled", Boolean.class, false));
    }

    /**
     * Grain refs by kind and id; creating it registers the {@code @GrainComponent} kinds with the system's grain
     * registry, so an application that replaces it registers its kinds itself.
     */
    @Bean
    @ConditionalOnMissingBean
    GrainClient goaktGrainClient(ActorSystem system, GrainKinds kinds, BeanFactory beanFactory,
                                 GoaktProperties properties) {
        return new DefaultGrainClient(system, kinds, beanFactory,
                properties.getMailbox().getCapacity(), properties.getSystem().getAskTimeout());
    }

    /**
     * Adds the {@link ShutdownHook} beans to the system's coordinated shutdown and spawns the EAGER actors before the
     * web server starts; runs the coordinated shutdown after the server has drained.
     */
    @Bean
    @ConditionalOnMissingBean
    ActorSystemLifecycle goaktActorSystemLifecycle(ActorSystem system, ActorRegistry registry,
                                                   GoaktProperties properties, ObjectProvider<ShutdownHook> hooks) {
        Runnable spawnEager = registry instanceof DefaultActorRegistry d ? d::spawnEagerActors : () -> { };
        Runnable onStart = () -> {
            hooks.orderedStream().forEach(h -> h.addTo(system.coordinatedShutdown()));
            spawnEager.run();
        };
        return new ActorSystemLifecycle(system, onStart, properties.getSystem().getShutdownTimeout());
    }
}
