package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.remote.Remoting;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.KindNames;
import io.goakt.spring.metrics.GoaktClusterMetrics;
import io.goakt.spring.metrics.GoaktClusterGrainMetrics;
import io.goakt.spring.metrics.GoaktGrainMetrics;
import io.goakt.spring.metrics.GoaktMetrics;
import io.goakt.spring.metrics.GoaktRelocationMetrics;
import io.goakt.spring.metrics.GoaktRemotingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Micrometer meters of the actor system ({@link GoaktMetrics}) and its grains ({@link GoaktGrainMetrics}), when
 * Micrometer is on the classpath. The actor binder is also installed as the system's receive interceptor; Spring
 * Boot binds both to every {@link MeterRegistry}. With remoting, the remoting meters too
 * ({@link GoaktRemotingMetrics}); with {@code goakt.cluster.enabled=true}, the cluster meters
 * ({@link GoaktClusterMetrics}) and the relocation meter ({@link GoaktRelocationMetrics}).
 */
@AutoConfiguration(before = GoaktAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, ActorSystem.class})
@ConditionalOnBooleanProperty(name = "goakt.enabled", matchIfMissing = true)
public final class GoaktMetricsAutoConfiguration {

    /**
     * The meters, {@code @ActorComponent}s tagged by their component names; the system and the components are looked
     * up only when a registry binds them.
     */
    @Bean
    @ConditionalOnMissingBean
    GoaktMetrics goaktMetrics(ObjectProvider<ActorSystem> system, ObjectProvider<ActorKinds> kinds) {
        return new GoaktMetrics(system::getObject, KindNames.deferred(kinds::getIfAvailable));
    }

    /** The grain meters; the system is looked up only when a registry binds them. */
    @Bean
    @ConditionalOnMissingBean
    GoaktGrainMetrics goaktGrainMetrics(ObjectProvider<ActorSystem> system) {
        return new GoaktGrainMetrics(system::getObject);
    }

    /** Installs the meters' interceptor around every actor's receive. */
    @Bean
    ActorSystemCustomizer goaktMetricsInterceptor(GoaktMetrics metrics) {
        return builder -> builder.interceptor(metrics);
    }

    /** The remoting meters; remoting is looked up only when a registry binds them. */
    @Bean
    @Conditional(OnRemotingCondition.class)
    @ConditionalOnMissingBean
    GoaktRemotingMetrics goaktRemotingMetrics(ObjectProvider<Remoting> remoting) {
        return new GoaktRemotingMetrics(remoting::getIfAvailable);
    }

    /**
     * The cluster meters, and the remoting hook that counts traffic per member; the membership is looked up only
     * when a registry binds them.
     */
    @Bean
    @ConditionalOnClass(Cluster.class)
    @ConditionalOnBooleanProperty("goakt.cluster.enabled")
    @ConditionalOnMissingBean
    GoaktClusterMetrics goaktClusterMetrics(ObjectProvider<ClusterLifecycle> lifecycle) {
        return new GoaktClusterMetrics(lifecycle::getIfAvailable);
    }

    /** The meters of the cluster's grains on this member. */
    @Bean
    @ConditionalOnClass(Cluster.class)
    @ConditionalOnBooleanProperty("goakt.cluster.enabled")
    @ConditionalOnMissingBean
    GoaktClusterGrainMetrics goaktClusterGrainMetrics(ObjectProvider<ActorSystem> system) {
        return new GoaktClusterGrainMetrics(system::getObject);
    }

    /** The relocation meter; the system is looked up only when a registry binds it. */
    @Bean
    @ConditionalOnClass(Cluster.class)
    @ConditionalOnBooleanProperty("goakt.cluster.enabled")
    @ConditionalOnMissingBean
    GoaktRelocationMetrics goaktRelocationMetrics(ObjectProvider<ActorSystem> system) {
        return new GoaktRelocationMetrics(system::getObject);
    }
}
