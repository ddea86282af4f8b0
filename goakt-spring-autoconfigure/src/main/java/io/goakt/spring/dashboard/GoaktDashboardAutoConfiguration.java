package io.goakt.spring.dashboard;

import io.goakt.actor.ActorSystem;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.autoconfigure.GoaktAutoConfiguration;
import io.goakt.spring.autoconfigure.GoaktClusterAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.DispatcherServlet;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The live dashboard ({@link DashboardProperties}), when {@code goakt.dashboard.enabled=true} in a Spring MVC
 * (servlet) application with an actor system. Start-up fails naming the key on a bad path or refresh, and when
 * {@code goakt.dashboard.actions.enabled=true} without Spring Security on the class path: actions stop and restart
 * actors, and only the application's security can say who may.
 */
@AutoConfiguration(after = {GoaktAutoConfiguration.class, GoaktClusterAutoConfiguration.class})
@ConditionalOnClass({DispatcherServlet.class, ActorSystem.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("goakt.dashboard.enabled")
@ConditionalOnBean(ActorSystem.class)
@EnableConfigurationProperties(DashboardProperties.class)
@ImportRuntimeHints(DashboardRuntimeHints.class)
public final class GoaktDashboardAutoConfiguration {

    static final String SECURITY_CLASS = "org.springframework.security.web.SecurityFilterChain";

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    /** Creates the configuration; Spring calls it. */
    GoaktDashboardAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    DashboardEvents goaktDashboardEvents(ActorSystem system, DashboardProperties properties,
                                         ResourceLoader resourceLoader) {
        validate(properties, resourceLoader.getClassLoader());
        return new DashboardEvents(system);
    }

    @Bean
    DashboardSnapshots goaktDashboardSnapshots(ActorSystem system, DashboardEvents events,
                                               ObjectProvider<ClusterLifecycle> cluster,
                                               DashboardProperties properties) {
        return new DashboardSnapshots(system, events, () -> Optional.ofNullable(cluster.getIfAvailable()),
                properties.getActions().isEnabled());
    }

    @Bean
    DashboardStream goaktDashboardStream(DashboardSnapshots snapshots, DashboardProperties properties) {
        return new DashboardStream(snapshots, properties.getRefresh());
    }

    @Bean
    DashboardController goaktDashboardController(ActorSystem system, DashboardStream stream,
                                                 DashboardSnapshots snapshots, DashboardProperties properties) {
        return new DashboardController(system, stream, snapshots, properties.getActions().isEnabled());
    }

    static void validate(DashboardProperties properties, ClassLoader classLoader) {
        String path = properties.getPath();
        if (path == null || !PATH.matcher(path).matches()) {
            throw new InvalidConfigurationPropertyValueException("goakt.dashboard.path", path,
                    "goakt.dashboard.path must be '/' followed by letters, digits, '.', '_', '-' and further "
                            + "'/'-separated segments, not ending in '/', for example /goakt");
        }
        Duration refresh = properties.getRefresh();
        if (refresh == null || refresh.isZero() || refresh.isNegative()) {
            throw new InvalidConfigurationPropertyValueException("goakt.dashboard.refresh", refresh,
                    "goakt.dashboard.refresh must be a positive duration, for example 1s");
        }
        if (properties.getActions().isEnabled() && !ClassUtils.isPresent(SECURITY_CLASS, classLoader)) {
            throw new InvalidConfigurationPropertyValueException("goakt.dashboard.actions.enabled", true,
                    "goakt.dashboard.actions.enabled=true needs Spring Security on the class path "
                            + "(spring-boot-starter-security): dashboard actions stop and restart actors, and are "
                            + "allowed to callers with the role " + DashboardController.OPERATOR_ROLE);
        }
    }
}
