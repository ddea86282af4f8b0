package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.KindNames;
import io.goakt.spring.observation.DefaultGoaktReceiveObservationConvention;
import io.goakt.spring.observation.DefaultGoaktSendObservationConvention;
import io.goakt.spring.observation.GoaktReceiveObservationConvention;
import io.goakt.spring.observation.GoaktSendObservationConvention;
import io.goakt.spring.observation.ObservationMessageContextHook;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Tracing of actor messages through Micrometer Observation ({@link ObservationMessageContextHook}), when the
 * application has an {@link ObservationRegistry} bean (Spring Boot's Actuator makes one) and
 * {@code goakt.observations.enabled} is not false. Without a registry nothing is installed and messages carry no
 * context. {@link GoaktSendObservationConvention} and {@link GoaktReceiveObservationConvention} beans replace the
 * default names and key values.
 */
@AutoConfiguration(before = GoaktAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, ActorSystem.class})
@ConditionalOnBooleanProperty(name = "goakt.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public final class GoaktObservationAutoConfiguration {

    /** The hook that turns each tell and ask into send and receive observations. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "goakt.observations.enabled", matchIfMissing = true)
    ObservationMessageContextHook goaktObservationHook(ObservationRegistry registry, GoaktProperties properties,
            ObjectProvider<GoaktSendObservationConvention> sendConvention,
            ObjectProvider<GoaktReceiveObservationConvention> receiveConvention, ObjectProvider<ActorKinds> kinds) {
        return new ObservationMessageContextHook(registry, properties.getSystem().getName(),
                sendConvention.getIfUnique(), receiveConvention.getIfUnique(),
                KindNames.deferred(kinds::getIfAvailable));
    }

    /** Installs the hook, when there is one, on the actor system. */
    @Bean
    ActorSystemCustomizer goaktObservationCustomizer(ObjectProvider<ObservationMessageContextHook> hook) {
        return builder -> hook.ifAvailable(builder::messageContextHook);
    }

    /**
     * Keeps the message observations out of the meter registries. Micrometer's default meter handler would make a
     * timer and a long-task timer of each: for a send, the time to enqueue (the observation ends at once); for a
     * receive, what {@code goakt.message.processing} already measures. Spring Boot applies {@link MeterFilter} beans
     * to every registry; an application that wants the timers declares a bean of this name of its own.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterFilter.class)
    static final class MeterFilterConfiguration {

        /** The observation names whose meters are denied, with the names Micrometer derives from them. */
        static final List<String> OBSERVATIONS = List.of(DefaultGoaktSendObservationConvention.NAME,
                DefaultGoaktReceiveObservationConvention.NAME);

        @Bean
        @ConditionalOnMissingBean(name = "goaktObservationMeterFilter")
        MeterFilter goaktObservationMeterFilter() {
            return MeterFilter.deny(id -> OBSERVATIONS.stream().anyMatch(name -> id.getName().equals(name)
                    || id.getName().startsWith(name + ".")));
        }
    }
}
