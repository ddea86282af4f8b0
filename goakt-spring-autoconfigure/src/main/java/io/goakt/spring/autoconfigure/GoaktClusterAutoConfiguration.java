package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.remote.RemotingConfig;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.internal.ClusterConfigFactory;
import io.goakt.spring.internal.ClusterNames;
import io.goakt.spring.internal.ClusterReadiness;
import io.goakt.spring.internal.DefaultActorRegistry;
import io.goakt.spring.internal.ServerDiscoveryFactory;
import io.goakt.spring.internal.SslBundleTls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Cluster membership of the application's actor system, when {@code goakt.cluster.enabled=true}: the
 * {@link ClusterConfig} from {@code goakt.cluster.*}, the {@link ClusterLifecycle} that joins after the actor
 * system started and leaves before it stops, and readiness that follows the cluster ({@link ClusterReadiness}).
 * Enabling the cluster turns remoting on ({@link GoaktRemotingAutoConfiguration}); the membership uses that running
 * remoting.
 */
@AutoConfiguration(after = {GoaktAutoConfiguration.class, GoaktRemotingAutoConfiguration.class,
        ApplicationAvailabilityAutoConfiguration.class})
@ConditionalOnClass({ActorSystem.class, Cluster.class})
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
@ConditionalOnBean(ActorSystem.class)
@EnableConfigurationProperties(GoaktClusterProperties.class)
public final class GoaktClusterAutoConfiguration {

    /**
     * The config from {@code goakt.cluster.*}; a bad property value, or {@code goakt.remoting.enabled=false}
     * beside the enabled cluster, fails here naming the key.
     */
    @Bean
    @ConditionalOnMissingBean
    ClusterConfig goaktClusterConfig(GoaktClusterProperties cluster, GoaktProperties goakt, Environment environment,
                                     ObjectProvider<RemotingConfig> remoting, ObjectProvider<SslBundles> sslBundles) {
        if (Boolean.FALSE.equals(environment.getProperty("goakt.remoting.enabled", Boolean.class))) {
            throw new InvalidConfigurationPropertyValueException("goakt.remoting.enabled", false,
                    "goakt.remoting.enabled=false contradicts goakt.cluster.enabled=true: cluster members talk over"
                            + " remoting; remove goakt.remoting.enabled (the cluster turns remoting on) or set"
                            + " goakt.cluster.enabled=false");
        }
        return ClusterConfigFactory.create(cluster, goakt.getSystem().getName(), remoting.getIfAvailable(),
                bundle -> SslBundleTls.clusterContext(sslBundles.getIfAvailable(), bundle),
                bundle -> ServerDiscoveryFactory.etcdSslContext(sslBundles.getIfAvailable(), bundle));
    }

    /**
     * Joins when the context starts (after the EAGER actors), leaves when it stops (before the actors stop). Once
     * joined, the EAGER cluster-unique {@code @ActorComponent}s are claimed, and again at each view change while
     * their names are free ({@link ClusterNames}), and the cluster singletons are declared.
     */
    @Bean
    @ConditionalOnMissingBean
    ClusterLifecycle goaktClusterLifecycle(ActorSystem system, ClusterConfig config,
                                           GoaktClusterProperties properties, ObjectProvider<ActorRegistry> registry) {
        ClusterLifecycle lifecycle = new ClusterLifecycle(system, config, properties.getLeaveTimeout());
        if (registry.getIfAvailable() instanceof DefaultActorRegistry d) {
            ClusterNames names = d.clusterNames();
            lifecycle.addListener(() -> names.clusterChanged(lifecycle.state()));
            lifecycle.addListener(() -> d.singletons().clusterChanged(lifecycle.state()));
        }
        return lifecycle;
    }

    /**
     * Readiness that follows the cluster. Takes {@link ApplicationAvailability} so that it is created, and so
     * called as a listener, after Spring Boot's availability bean (see {@link ClusterReadiness}).
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ApplicationAvailability.class)
    ClusterReadiness goaktClusterReadiness(ApplicationEventPublisher publisher,
                                           ApplicationAvailability availability, ClusterLifecycle lifecycle) {
        ClusterReadiness readiness = new ClusterReadiness(publisher, lifecycle::isReady);
        lifecycle.addListener(readiness::clusterChanged);
        return readiness;
    }

    /** Keeps the readiness listener's creation order (after the availability bean) under lazy initialization. */
    @Bean
    static LazyInitializationExcludeFilter goaktClusterReadinessEagerInit() {
        return LazyInitializationExcludeFilter.forBeanTypes(ClusterReadiness.class);
    }
}
