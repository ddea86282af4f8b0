package io.goakt.spring.internal;

import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.EvictionPolicy;
import io.goakt.actor.LogLevel;
import io.goakt.dispatch.Spinning;
import io.goakt.internal.util.Limits;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.autoconfigure.GoaktProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns {@code goakt.*} properties and {@link ActorSystemCustomizer}s into an {@link ActorSystemConfig}. Every bad
 * value fails with an {@link InvalidConfigurationPropertyValueException} naming the key and what it accepts, so
 * Spring Boot's failure analysis shows it at start-up.
 */
public final class ActorSystemConfigFactory {

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
                .spinning(spinning(system.getDispatcher().getSpin()).orElseThrow())
                .failureLogLevel(logLevel(system.getLogging().getFailures()).orElseThrow())
                .logDeadLetters(system.getLogging().isDeadLetters())
                .defaultMailbox(MailboxTypes.resolve(properties.getMailbox().getType(),
                        properties.getMailbox().getCapacity()).orElseThrow());
        if (system.getDispatcher().getParallelism() != null) {
            builder.parallelism(system.getDispatcher().getParallelism());
        }
        evictionPolicy(system.getEviction()).ifPresent(builder::eviction);
        for (ActorSystemCustomizer customizer : customizers) {
            try {
                customizer.customize(builder);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("ActorSystemCustomizer " + customizer.getClass().getName()
                        + " failed: " + e.getMessage() + ". Settings that goakt.* properties cover (ask and shutdown"
                        + " timeouts, throughput, parallelism, spinning, default mailbox, logging, eviction) must be"
                        + " set through the properties.",
                        e);
            }
        }
        return builder.build();
    }

    /** Checks every bound value. */
    public static void validate(GoaktProperties properties) {
        GoaktProperties.SystemSettings system = properties.getSystem();
        String name = system.getName();
        if (Limits.systemNameProblem(name) != null) {
            throw invalid("goakt.system.name", name, "must be 1 to " + Limits.MAX_NAME_LENGTH
                    + " letters, digits, '-' or '_'");
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
        String spin = system.getDispatcher().getSpin();
        if (spinning(spin).isEmpty()) {
            throw invalid("goakt.system.dispatcher.spin", spin, "must be one of: " + allowedSpinning());
        }
        String failures = system.getLogging().getFailures();
        if (logLevel(failures).isEmpty()) {
            throw invalid("goakt.system.logging.failures", failures, "must be one of: " + allowedLogLevels());
        }
        validateEviction(system.getEviction());
        int capacity = properties.getMailbox().getCapacity();
        if (capacity < 1) {
            throw invalid("goakt.mailbox.capacity", capacity, "must be at least 1");
        }
        String type = properties.getMailbox().getType();
        if (MailboxTypes.resolve(type, capacity).isEmpty()) {
            throw invalid("goakt.mailbox.type", type, "must be one of: " + MailboxTypes.allowed());
        }
    }

    private static final String EVICTION_POLICIES = "lru, lfu, mru, none";

    private static void validateEviction(GoaktProperties.Eviction eviction) {
        String policy = eviction.getPolicy();
        if (!"none".equals(normalized(policy)) && evictionStrategy(policy).isEmpty()) {
            throw invalid("goakt.system.eviction.policy", policy, "must be one of: " + EVICTION_POLICIES);
        }
        // The other keys are checked whatever the policy: a wrong value is a mistake even while eviction is off.
        Integer max = eviction.getMaxActors();
        if (max == null && evictionStrategy(policy).isPresent()) {
            throw invalid("goakt.system.eviction.max-actors", null,
                    "must be set (at least 1) when goakt.system.eviction.policy is " + policy.trim());
        }
        if (max != null && max < 1) {
            throw invalid("goakt.system.eviction.max-actors", max, "must be at least 1");
        }
        int percentage = eviction.getPercentage();
        if (percentage < 0 || percentage > 100) {
            throw invalid("goakt.system.eviction.percentage", percentage, "must be between 0 and 100");
        }
        positive("goakt.system.eviction.interval", eviction.getInterval());
        int sample = eviction.getSampleSize();
        if (sample < 1 || sample > 1024) {
            throw invalid("goakt.system.eviction.sample-size", sample, "must be between 1 and 1024");
        }
    }

    /** The policy the (validated) eviction properties describe, or empty for none. */
    static Optional<EvictionPolicy> evictionPolicy(GoaktProperties.Eviction eviction) {
        return evictionStrategy(eviction.getPolicy()).map(s -> EvictionPolicy.of(s, eviction.getMaxActors())
                .withPercentage(eviction.getPercentage())
                .withInterval(eviction.getInterval())
                .withSampleSize(eviction.getSampleSize()));
    }

    private static Optional<EvictionPolicy.Strategy> evictionStrategy(String name) {
        String wanted = normalized(name);
        return Arrays.stream(EvictionPolicy.Strategy.values())
                .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    private static String normalized(String name) {
        return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    }

    /** The setting {@code name} stands for (any case, surrounding blanks ignored), or empty. */
    static Optional<Spinning> spinning(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(Spinning.values()).filter(s -> s.name().equals(wanted)).findFirst();
    }

    /** The log level {@code name} stands for (any case, surrounding blanks ignored), or empty. */
    static Optional<LogLevel> logLevel(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(LogLevel.values()).filter(l -> l.name().equals(wanted)).findFirst();
    }

    private static String allowedLogLevels() {
        return Arrays.stream(LogLevel.values()).map(l -> l.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static String allowedSpinning() {
        return Arrays.stream(Spinning.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static void positive(String key, Duration value) {
        if (Limits.timeoutProblem(value, key) != null) {
            throw invalid(key, value, "must be a positive duration of at most " + Limits.MAX_TIMEOUT.toDays()
                    + " days, for example 5s");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(key, value, key + " " + reason);
    }
}
