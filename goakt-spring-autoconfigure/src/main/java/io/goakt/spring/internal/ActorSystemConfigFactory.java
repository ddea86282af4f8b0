package io.goakt.spring.internal;

import io.goakt.actor.ActorSystemConfig;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.autoconfigure.GoaktProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns {@code goakt.*} properties and {@link ActorSystemCustomizer}s into an {@link ActorSystemConfig}. Every bad
 * value fails with an {@link InvalidConfigurationPropertyValueException} naming the key and what it accepts, so
 * Spring Boot's failure analysis shows it at start-up.
 */
public final class ActorSystemConfigFactory {

    private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private ActorSystemConfigFactory() {
    }

    /** Checks the properties and builds the config; customizers run last, in the given order. */
    public static ActorSystemConfig create(GoaktProperties properties, List<ActorSystemCustomizer> customizers) {
        validate(properties);
        GoaktProperties.SystemSettings system = properties.getSystem();
        ActorSystemConfig.Builder builder = ActorSystemConfig.builder()
                .askTimeout(system.getAskTimeout())
                .shutdownTimeout(system.getShutdownTimeout())
                .throughput(system.getDispatcher().getThroughput())
                .defaultMailbox(MailboxTypes.resolve(properties.getMailbox().getType(),
                        properties.getMailbox().getCapacity()).orElseThrow());
        if (system.getDispatcher().getParallelism() != null) {
            builder.parallelism(system.getDispatcher().getParallelism());
        }
        for (ActorSystemCustomizer customizer : customizers) {
            try {
                customizer.customize(builder);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("ActorSystemCustomizer " + customizer.getClass().getName()
                        + " failed: " + e.getMessage() + ". Settings that goakt.* properties cover (ask and shutdown"
                        + " timeouts, throughput, parallelism, default mailbox) must be set through the properties.",
                        e);
            }
        }
        return builder.build();
    }

    /** Checks every bound value. */
    public static void validate(GoaktProperties properties) {
        GoaktProperties.SystemSettings system = properties.getSystem();
        String name = system.getName();
        if (name == null || !SYSTEM_NAME.matcher(name).matches()) {
            throw invalid("goakt.system.name", name, "must be 1 to 255 letters, digits, '-' or '_'");
        }
        positive("goakt.system.ask-timeout", system.getAskTimeout());
        positive("goakt.system.shutdown-timeout", system.getShutdownTimeout());
        int throughput = system.getDispatcher().getThroughput();
        if (throughput < 1) {
            throw invalid("goakt.system.dispatcher.throughput", throughput, "must be at least 1");
        }
        Integer parallelism = system.getDispatcher().getParallelism();
        if (parallelism != null && (parallelism < 1 || parallelism > ActorSystemConfig.MAX_PARALLELISM)) {
            throw invalid("goakt.system.dispatcher.parallelism", parallelism,
                    "must be between 1 and " + ActorSystemConfig.MAX_PARALLELISM);
        }
        int capacity = properties.getMailbox().getCapacity();
        if (capacity < 1) {
            throw invalid("goakt.mailbox.capacity", capacity, "must be at least 1");
        }
        String type = properties.getMailbox().getType();
        if (MailboxTypes.resolve(type, capacity).isEmpty()) {
            throw invalid("goakt.mailbox.type", type, "must be one of: " + MailboxTypes.allowed());
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(key, value, "must be a positive duration, for example 5s");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(key, value, key + " " + reason);
    }
}
