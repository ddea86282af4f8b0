package io.goakt.spring.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * Checks the on/off keys ({@code goakt.enabled}, {@code goakt.remoting.enabled}, {@code goakt.cluster.enabled},
 * {@code goakt.observations.enabled}, {@code goakt.dashboard.enabled}, {@code goakt.dashboard.actions.enabled}) before
 * any bean is made. The auto-configurations read them in conditions, which take a value that is not a boolean
 * ({@code goakt.enabled=ture}) as "off" and would silently turn a part off; here such a value fails start-up naming
 * the key. Unconditional, so that it runs when {@code goakt.enabled} itself
 * is the bad value.
 */
@AutoConfiguration(before = {GoaktAutoConfiguration.class, GoaktObservationAutoConfiguration.class})
public final class GoaktSwitchesAutoConfiguration {

    /** The keys that turn a part of the starter on or off. */
    static final List<String> SWITCHES = List.of("goakt.enabled", "goakt.remoting.enabled", "goakt.cluster.enabled",
            "goakt.observations.enabled", "goakt.dashboard.enabled", "goakt.dashboard.actions.enabled");

    /** Runs before any singleton is made, so the key's own failure is the first one. */
    @Bean
    static BeanFactoryPostProcessor goaktSwitchesCheck() {
        return new SwitchesCheck();
    }

    private static final class SwitchesCheck implements BeanFactoryPostProcessor, EnvironmentAware {
        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            for (String key : SWITCHES) {
                try {
                    environment.getProperty(key, Boolean.class);
                } catch (ConversionException | IllegalArgumentException e) {
                    throw new InvalidConfigurationPropertyValueException(key, environment.getProperty(key),
                            key + " must be true or false");
                }
            }
        }
    }
}
