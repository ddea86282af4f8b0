package io.goakt.sample.leader;

import io.goakt.serialization.Serialization;
import io.goakt.spring.RemoteSerializationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Lets the leader messages cross between cluster members, each type under a stable id. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class LeaderRemoting {

    /** Registers the leader messages. */
    public static Serialization.Builder register(Serialization.Builder types) {
        return types.register("bank.leader.WhoLeads", LeaderMessages.WhoLeads.class)
                .register("bank.leader.Leader", LeaderMessages.Leader.class);
    }

    /** The leader messages on this member's allow-list. */
    @Bean
    RemoteSerializationCustomizer leaderMessageTypes() {
        return LeaderRemoting::register;
    }
}
