package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.remote.RemoteContextInterceptor;
import io.goakt.remote.RemoteMetrics;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.RemotingCustomizer;
import io.goakt.spring.internal.ActorKind;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.DefaultActorRegistry;
import io.goakt.spring.internal.RemotingConfigFactory;
import io.goakt.spring.internal.SslBundleTls;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import java.util.function.Function;

/**
 * Remoting of the application's actor system, when {@code goakt.remoting.enabled=true}, or when
 * {@code goakt.cluster.enabled=true} and {@code goakt.remoting.enabled} is not set. The server binds while the
 * context refreshes, so it listens before {@link io.goakt.spring.ActorSystemLifecycle} spawns the EAGER actors
 * (messages that arrive in between for an actor not spawned yet become dead letters). Remoting is an extension of
 * the system: the system's shutdown closes it after every actor stopped, so the last death notifications still go
 * out; the context never closes it on its own.
 */
@AutoConfiguration(after = {GoaktAutoConfiguration.class, SslAutoConfiguration.class})
@ConditionalOnClass({ActorSystem.class, Remoting.class})
@Conditional(OnRemotingCondition.class)
@ConditionalOnBean(ActorSystem.class)
public final class GoaktRemotingAutoConfiguration {

    /**
     * The config from {@code goakt.remoting.*}, the {@code @ActorComponent} kinds (remote-spawnable by name) and the
     * customizers; a bad property value fails here.
     */
    @Bean
    @ConditionalOnMissingBean
    RemotingConfig goaktRemotingConfig(GoaktProperties properties, ObjectProvider<SslBundles> sslBundles,
                                       ActorKinds kinds, ObjectProvider<ActorRegistry> registry,
                                       BeanFactory beanFactory,
                                       ObjectProvider<RemoteSerializationCustomizer> serializationCustomizers,
                                       ObjectProvider<RemotingCustomizer> customizers,
                                       ObjectProvider<RemoteMetrics> metrics) {
        // The starter's registry resolved each kind's options already (and failed start-up on a bad one); an
        // application's own registry gives no options, so its kinds spawn remotely with the defaults.
        Function<ActorKind, SpawnOptions> options = registry.getIfAvailable() instanceof DefaultActorRegistry d
                ? kind -> d.optionsOf(kind.type())
                : kind -> SpawnOptions.defaults();
        return RemotingConfigFactory.create(properties.getRemoting(),
                bundle -> SslBundleTls.from(sslBundles.getIfAvailable(), bundle,
                        properties.getRemoting().getSsl().isRequireClientCertificate()), kinds, options, beanFactory,
                serializationCustomizers.orderedStream().toList(), customizers.orderedStream().toList(),
                metrics.orderedStream().toList());
    }

    /** Binds the server; the system's shutdown closes it, hence no destroy method here. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Remoting goaktRemoting(ActorSystem system, RemotingConfig config) {
        try {
            return Remoting.start(system, config);
        } catch (Exception e) {
            // Netty rethrows a BindException unchecked and unwrapped, so the cause may be e itself.
            Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("remoting could not bind " + config.host() + ":" + config.port() + " ("
                    + cause + "); choose another goakt.remoting.port (0 picks a free one) or goakt.remoting.host",
                    e);
        }
    }

    /** Keeps the server binding at refresh under {@code spring.main.lazy-initialization}, before EAGER actors. */
    @Bean
    static LazyInitializationExcludeFilter goaktRemotingEagerInit() {
        return LazyInitializationExcludeFilter.forBeanTypes(Remoting.class);
    }

    /**
     * Makes context that {@link io.goakt.remote.ContextPropagator}s carried current while an actor handles a remote
     * message; one type check per local message.
     */
    @Bean
    ActorSystemCustomizer goaktRemoteContextInterceptor() {
        return builder -> builder.interceptor(new RemoteContextInterceptor());
    }
}
