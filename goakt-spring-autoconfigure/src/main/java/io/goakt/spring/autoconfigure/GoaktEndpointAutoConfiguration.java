package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.actuate.ActorsEndpoint;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.actuate.GrainsEndpoint;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.internal.KindNames;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Actuator endpoints {@code actors}, {@code grains} and, with a cluster, {@code cluster}, when Actuator is on the
 * classpath and each is exposed.
 *
 * <p>The write operations of {@code actors} and {@code cluster} are off until the endpoint's access is raised to
 * {@code unrestricted} ({@code management.endpoint.actors.access}, {@code management.endpoint.cluster.access}). Then,
 * with Spring Security on the class path, they need the role {@code GOAKT_OPERATOR}; without it, start-up fails
 * naming the access key unless {@code goakt.actuator.unsecured-writes=true} lets anyone who reaches them use them.
 */
@AutoConfiguration(after = {GoaktAutoConfiguration.class, GoaktClusterAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(ActorSystem.class)
@EnableConfigurationProperties(GoaktProperties.class)
public final class GoaktEndpointAutoConfiguration {

    /** A class of Spring Security's core: present whatever the web stack. */
    static final String SECURITY_CLASS = "org.springframework.security.core.Authentication";

    /** The actors endpoint over the application's system; {@code @ActorComponent}s by their component names. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(ActorsEndpoint.class)
    ActorsEndpoint goaktActorsEndpoint(ActorSystem system, ObjectProvider<ActorKinds> kinds,
                                       GoaktProperties properties, Environment environment,
                                       ResourceLoader resourceLoader) {
        return new ActorsEndpoint(system, KindNames.of(kinds.getIfAvailable()),
                operatorRoleRequired("actors", properties, environment, resourceLoader.getClassLoader()));
    }

    /** The grains endpoint over the application's system. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(GrainsEndpoint.class)
    GrainsEndpoint goaktGrainsEndpoint(ActorSystem system) {
        return new GrainsEndpoint(system);
    }

    /** The cluster endpoint over the application's membership. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ClusterLifecycle.class)
    @ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
    ClusterEndpoint goaktClusterEndpoint(ClusterLifecycle lifecycle, GoaktProperties properties,
                                         Environment environment, ResourceLoader resourceLoader) {
        return new ClusterEndpoint(lifecycle,
                operatorRoleRequired("cluster", properties, environment, resourceLoader.getClassLoader()));
    }

    /**
     * Whether endpoint {@code id}'s write operations need the role GOAKT_OPERATOR: yes, unless they are enabled in
     * an application without Spring Security that set {@code goakt.actuator.unsecured-writes}; such an application
     * without that key fails start-up naming the endpoint's access key.
     */
    static boolean operatorRoleRequired(String id, GoaktProperties properties, Environment environment,
                                        ClassLoader classLoader) {
        Access access = new PropertiesEndpointAccessResolver(environment).accessFor(EndpointId.of(id),
                Access.READ_ONLY);
        if (access != Access.UNRESTRICTED || ClassUtils.isPresent(SECURITY_CLASS, classLoader)) {
            return true;
        }
        if (properties.getActuator().isUnsecuredWrites()) {
            return false;
        }
        String key = "management.endpoint." + id + ".access";
        throw new InvalidConfigurationPropertyValueException(key, "unrestricted", key + " (or "
                + "management.endpoints.access.default) enables the " + id + " endpoint's write operations, which "
                + "need Spring Security on the class path (spring-boot-starter-security) and the role "
                + "GOAKT_OPERATOR; set goakt.actuator.unsecured-writes=true to allow them to anyone who reaches "
                + "the endpoint (local development only), or leave the access read-only");
    }
}
