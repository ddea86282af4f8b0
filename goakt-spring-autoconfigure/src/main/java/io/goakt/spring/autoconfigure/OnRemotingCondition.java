package io.goakt.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Remoting runs when {@code goakt.remoting.enabled=true}, or when {@code goakt.cluster.enabled=true} and
 * {@code goakt.remoting.enabled} is not set: the cluster's members talk over remoting, so enabling the cluster turns
 * remoting on with its defaults. An explicit {@code goakt.remoting.enabled=false} beside an enabled cluster matches
 * neither, and {@link GoaktClusterAutoConfiguration} fails start-up naming both keys.
 */
final class OnRemotingCondition extends AnyNestedCondition {

    OnRemotingCondition() {
        // The phase a condition on a @Bean method is evaluated in; one of PARSE_CONFIGURATION is skipped there.
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBooleanProperty("goakt.remoting.enabled")
    static final class RemotingEnabled {
    }

    @ConditionalOnBooleanProperty("goakt.cluster.enabled")
    @ConditionalOnProperty(name = "goakt.remoting.enabled", havingValue = "true", matchIfMissing = true)
    static final class ClusterEnabled {
    }
}
