package io.goakt.actor;

import io.goakt.internal.util.SetOnce;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one actor is spawned: its supervision, restart policy, mailbox, dispatcher, stash capacity, interceptors
 * and health check. Anything not set takes the system's default from {@link ActorSystemConfig}.
 *
 * <p>Immutable; safe to share and reuse for many spawns.
 */
public final class SpawnOptions {

    private static final SpawnOptions DEFAULTS = new Builder().build();
    /** {@link #stashCapacity()} when none was given: the system's default applies. */
    private static final int SYSTEM_STASH_CAPACITY = -1;

    private final SupervisorStrategy supervisor;
    private final RestartPolicy restartPolicy;
    private final MailboxFactory mailbox;
    private final String dispatcher;
    private final int stashCapacity;
    private final List<ReceiveInterceptor> interceptors;
    private final HealthCheck healthCheck;
    private final Passivation passivation;
    private final Reentrancy reentrancy;
    private final List<Object> dependencies;
    private final SupervisorObserver observer;

    private SpawnOptions(Builder b) {
        this.supervisor = b.supervisor;
        this.restartPolicy = b.restartPolicy;
        this.mailbox = b.mailbox;
        this.dispatcher = b.dispatcher;
        this.stashCapacity = b.stashCapacity;
        this.interceptors = List.copyOf(b.interceptors == null ? List.of() : b.interceptors);
        this.healthCheck = b.healthCheck;
        this.passivation = b.passivation == null ? Passivation.longLived() : b.passivation;
        this.reentrancy = b.reentrancy == null ? Reentrancy.DEFAULT : b.reentrancy;
        this.dependencies = List.copyOf(b.dependencies.values());
        this.observer = b.observer;
    }

    /** Options with nothing set: every choice is the system's default. */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /** Starts a new set of options. */
    public static Builder builder() {
        return new Builder();
    }

    /** How failures of this actor are handled, or {@code null} for the system default. */
    public SupervisorStrategy supervisor() {
        return supervisor;
    }

    /** The OTP restart policy, or {@code null} for {@link RestartPolicy#TRANSIENT}. */
    public RestartPolicy restartPolicy() {
        return restartPolicy;
    }

    /** The mailbox kind, or {@code null} for the system default. */
    public MailboxFactory mailbox() {
        return mailbox;
    }

    /** The dispatcher's name, or {@code null} for the default dispatcher. */
    public String dispatcher() {
        return dispatcher;
    }

    /** The stash capacity, or -1 for the system default. */
    public int stashCapacity() {
        return stashCapacity;
    }

    /** Interceptors of this actor, run after the system's. */
    public List<ReceiveInterceptor> interceptors() {
        return interceptors;
    }

    /** The health check, or {@code null} for none. */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /** When the actor passivates; {@link Passivation#longLived()} unless set. */
    public Passivation passivation() {
        return passivation;
    }

    /** How the actor's requests behave; {@link Reentrancy#DEFAULT} unless set. */
    public Reentrancy reentrancy() {
        return reentrancy;
    }

    /** Objects the actor reaches with {@link Context#dependency}; kept across restarts. */
    public List<Object> dependencies() {
        return dependencies;
    }

    /** An observer of this actor's supervision, or {@code null}. */
    public SupervisorObserver observer() {
        return observer;
    }

    /** Builds {@link SpawnOptions}; each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private final SetOnce given = SetOnce.reusable();
        private SupervisorStrategy supervisor;
        private RestartPolicy restartPolicy;
        private MailboxFactory mailbox;
        private String dispatcher;
        private int stashCapacity = SYSTEM_STASH_CAPACITY;
        private List<ReceiveInterceptor> interceptors;
        private HealthCheck healthCheck;
        private Passivation passivation;
        private Reentrancy reentrancy;
        /** By exact class: {@link Context#dependency} finds a dependency by its class. */
        private final Map<Class<?>, Object> dependencies = new LinkedHashMap<>();
        private SupervisorObserver observer;

        private Builder() {
        }

        /** When the actor passivates (stops itself to free memory). */
        public Builder passivation(Passivation strategy) {
            this.passivation = given.set("passivation", passivation, strategy);
            return this;
        }

        /** How the actor's {@link ReceiveContext#request requests} behave. */
        public Builder reentrancy(Reentrancy settings) {
            this.reentrancy = given.set("reentrancy", reentrancy, settings);
            return this;
        }

        /**
         * Attaches a runtime dependency (a client, a repository, a clock) that the actor and every restarted
         * instance reach with {@link Context#dependency}. Two dependencies of the same class are an error.
         */
        public Builder dependency(Object dependency) {
            Objects.requireNonNull(dependency, "dependency");
            given.putOnce(dependencies, dependency.getClass(), dependency,
                    "a dependency of " + dependency.getClass().getName());
            return this;
        }

        /** An observer of this actor's supervision, in addition to the system's. */
        public Builder observer(SupervisorObserver supervisorObserver) {
            this.observer = given.set("observer", observer, supervisorObserver);
            return this;
        }

        /** How failures of this actor are handled. */
        public Builder supervisor(SupervisorStrategy strategy) {
            this.supervisor = given.set("supervisor", supervisor, strategy);
            return this;
        }

        /** The OTP restart policy. */
        public Builder restartPolicy(RestartPolicy policy) {
            this.restartPolicy = given.set("restartPolicy", restartPolicy, policy);
            return this;
        }

        /** The mailbox kind. */
        public Builder mailbox(MailboxFactory factory) {
            this.mailbox = given.set("mailbox", mailbox, factory);
            return this;
        }

        /** The dispatcher, by name: {@code default}, {@code virtual} (Java 21+) or one registered in the config. */
        public Builder dispatcher(String name) {
            this.dispatcher = given.set("dispatcher", dispatcher, name);
            return this;
        }

        /** The most messages {@link ReceiveContext#stash()} keeps; must be positive. */
        public Builder stashCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("stashCapacity must be >= 1, was " + capacity);
            }
            given.claim("stashCapacity", stashCapacity);
            this.stashCapacity = capacity;
            return this;
        }

        /** Interceptors around this actor's {@code receive}, outermost first. */
        public Builder interceptors(ReceiveInterceptor... chain) {
            this.interceptors = given.set("interceptors", interceptors, List.of(chain)); // List.of rejects nulls
            return this;
        }

        /** A periodic health probe. */
        public Builder healthCheck(HealthCheck check) {
            this.healthCheck = given.set("healthCheck", healthCheck, check);
            return this;
        }

        /** The options. */
        public SpawnOptions build() {
            return new SpawnOptions(this);
        }
    }
}
