package io.goakt.sample.sequence;

import io.goakt.serialization.Serialization;
import io.goakt.spring.RemoteSerializationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Lets the sequence messages cross between cluster members, each type under a stable id. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class SequenceRemoting {

    /** Registers the sequence messages. */
    public static Serialization.Builder register(Serialization.Builder types) {
        return types.register("bank.sequence.Next", SequenceMessages.Next.class)
                .register("bank.sequence.Issued", SequenceMessages.Issued.class);
    }

    /** The sequence messages on this member's allow-list. */
    @Bean
    RemoteSerializationCustomizer sequenceMessageTypes() {
        return SequenceRemoting::register;
    }
}
