package io.goakt.actor;

import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.Dispatchers;
import io.goakt.dispatch.Scheduler;
import io.goakt.dispatch.Spinning;
import io.goakt.internal.util.Limits;
import io.goakt.internal.util.SetOnce;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.supervision.SupervisorStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one {@link ActorSystem}. Build with {@link #builder()}; every setting has a default, may be given
 * once (a second call fails naming the value already set), and is checked in {@link Builder#build()} with an error
 * that names the field.
 *
 * <p>Immutable once built; safe to share.
 */
public final class ActorSystemConfig {

    /** Default for {@link Builder#throughput(int)}. */
    public static final int DEFAULT_THROUGHPUT = 64;
    /** Default for {@link Builder#stashCapacity(int)}. */
    public static final int DEFAULT_STASH_CAPACITY = 10_000;
    /** Default for {@link Builder#askTimeout(Duration)}. */
    public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(5);
    /** Default for {@link Builder#shutdownTimeout(Duration)}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** The most threads {@link Builder#parallelism(int)} accepts: the default dispatcher is a ForkJoinPool's limit. */
    public static final int MAX_PARALLELISM = 32767;

    private final int throughput;
    private final int parallelism;
    private final Spinning spinning;
    private final Duration askTimeout;
    private final Duration shutdownTimeout;
    private final SupervisorStrategy defaultSupervisor;
    private final SupervisorStrategy guardianSupervisor;
    private final MailboxFactory defaultMailbox;
    private final int stashCapacity;
    private final List<ReceiveInterceptor> interceptors;
    private final Map<String, Dispatcher> dispatchers;
    private final Scheduler scheduler;
    private final List<SupervisorObserver> observers;
    private final LogLevel failureLogLevel;
    private final boolean logDeadLetters;
    private final MessageContextHook messageContextHook;
    private final EvictionPolicy eviction;

    private ActorSystemConfig(Builder b) {
        this.throughput = b.throughput;
        this.parallelism = b.parallelism;
        this.spinning = b.spinning;
        this.askTimeout = b.askTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.defaultSupervisor = b.defaultSupervisor;
        this.guardianSupervisor = b.guardianSupervisor;
        this.defaultMailbox = b.defaultMailbox;
        this.stashCapacity = b.stashCapacity;
        this.interceptors = List.copyOf(b.interceptors);
        this.dispatchers = Map.copyOf(b.dispatchers);
        this.scheduler = b.scheduler;
        this.observers = List.copyOf(b.observers);
        this.failureLogLevel = b.failureLogLevel;
        this.logDeadLetters = b.logDeadLetters;
        this.messageContextHook = b.messageContextHook;
        this.eviction = b.eviction;
    }

    /** All defaults. */
    public static ActorSystemConfig defaults() {
        return builder().build();
    }

    /** Starts a config. */
    public static Builder builder() {
        return new Builder();
    }

    /** Messages an actor handles per turn on a dispatcher thread before it yields. */
    public int throughput() {
        return throughput;
    }

    /** Threads of the default dispatcher. */
    public int parallelism() {
        return parallelism;
    }

    /** How the default dispatcher's workers and threads waiting on an ask spin; default {@link Spinning#ADAPTIVE}. */
    public Spinning spinning() {
        return spinning;
    }

    /** The timeout of an {@code ask} that names none. */
    public Duration askTimeout() {
        return askTimeout;
    }

    /** How long {@link ActorSystem#shutdown()} waits for actors to stop. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** The strategy of actors spawned without one. */
    public SupervisorStrategy defaultSupervisor() {
        return defaultSupervisor;
    }

    /** The strategy the user guardian applies to a top-level actor that escalates a failure. */
    public SupervisorStrategy guardianSupervisor() {
        return guardianSupervisor;
    }

    /** The mailbox of actors spawned without one. */
    public MailboxFactory defaultMailbox() {
        return defaultMailbox;
    }

    /** The stash capacity of actors spawned without one. */
    public int stashCapacity() {
        return stashCapacity;
    }

    /** Interceptors around every actor's {@code receive}, outermost first. */
    public List<ReceiveInterceptor> interceptors() {
        return interceptors;
    }

    /** The hook that carries context with messages, or null for none (the default). */
    public MessageContextHook messageContextHook() {
        return messageContextHook;
    }

    /** Dispatchers the application registered, by name; the system shuts them down with itself. */
    public Map<String, Dispatcher> dispatchers() {
        return dispatchers;
    }

    /** The scheduler to use, or {@code null} for the system's own single timer thread. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Observers of every supervised actor in the system. */
    public List<SupervisorObserver> observers() {
        return observers;
    }

    /** The level of the one log line each actor failure gets, with the supervisor's decision. */
    public LogLevel failureLogLevel() {
        return failureLogLevel;
    }

    /** Whether dead letters get a rate-limited {@code INFO} line (only {@code DEBUG} while the system stops). */
    public boolean logDeadLetters() {
        return logDeadLetters;
    }

    /** The cap on live actors and how actors are evicted to keep it, or {@code null} for no cap (the default). */
    public EvictionPolicy eviction() {
        return eviction;
    }

    /** Builds an {@link ActorSystemConfig}. Not thread-safe. */
    public static final class Builder {
        private final SetOnce given = SetOnce.singleUse("config");
        private int throughput;
        private int parallelism;
        private Spinning spinning;
        private Duration askTimeout;
        private Duration shutdownTimeout;
        private SupervisorStrategy defaultSupervisor;
        private SupervisorStrategy guardianSupervisor;
        private MailboxFactory defaultMailbox;
        private int stashCapacity;
        private final List<ReceiveInterceptor> interceptors = new ArrayList<>();
        private final Map<String, Dispatcher> dispatchers = new LinkedHashMap<>();
        private Scheduler scheduler;
        private final List<SupervisorObserver> observers = new ArrayList<>();
        private LogLevel failureLogLevel;
        private boolean logDeadLetters;
        private MessageContextHook messageContextHook;
        private EvictionPolicy eviction;

        private Builder() {
        }

        /** Messages per actor turn; default {@value ActorSystemConfig#DEFAULT_THROUGHPUT}. Must be positive. */
        public Builder throughput(int messagesPerTurn) {
            given.claim("throughput", throughput);
            this.throughput = messagesPerTurn;
            return this;
        }

        /** Threads of the default dispatcher; default: the number of processors. Must be positive. */
        public Builder parallelism(int threads) {
            given.claim("parallelism", parallelism);
            this.parallelism = threads;
            return this;
        }

        /**
         * How much the system busy-waits instead of parking a thread: the default dispatcher's workers waiting for
         * their actor's next message, and threads blocked on an ask's future; default {@link Spinning#ADAPTIVE}.
         * {@link Spinning#REDUCED} or {@link Spinning#OFF} suit machines whose cores are shared or rationed.
         */
        public Builder spinning(Spinning spinning) {
            this.spinning = given.set("spinning", this.spinning, Objects.requireNonNull(spinning, "spinning"));
            return this;
        }

        /** Default ask timeout; default 5 seconds. Positive, at most {@link Limits#MAX_TIMEOUT}. */
        public Builder askTimeout(Duration timeout) {
            askTimeout = given.set("askTimeout", askTimeout, timeout);
            return this;
        }

        /** Default shutdown timeout; default 30 seconds. Positive, at most {@link Limits#MAX_TIMEOUT}. */
        public Builder shutdownTimeout(Duration timeout) {
            shutdownTimeout = given.set("shutdownTimeout", shutdownTimeout, timeout);
            return this;
        }

        /** Strategy for actors spawned without one; default {@link SupervisorStrategy#defaultStrategy()}. */
        public Builder defaultSupervisor(SupervisorStrategy strategy) {
            defaultSupervisor = given.set("defaultSupervisor", defaultSupervisor, strategy);
            return this;
        }

        /**
         * Strategy the user guardian applies to a top-level actor that escalates; default
         * {@link SupervisorStrategy#defaultStrategy()} (restart). An {@code ESCALATE} from it stops the actor.
         */
        public Builder guardianSupervisor(SupervisorStrategy strategy) {
            guardianSupervisor = given.set("guardianSupervisor", guardianSupervisor, strategy);
            return this;
        }

        /** Mailbox for actors spawned without one; default {@link MailboxFactory#unbounded()}. */
        public Builder defaultMailbox(MailboxFactory factory) {
            defaultMailbox = given.set("defaultMailbox", defaultMailbox, factory);
            return this;
        }

        /** Stash capacity for actors spawned without one; default {@value ActorSystemConfig#DEFAULT_STASH_CAPACITY}. */
        public Builder stashCapacity(int capacity) {
            given.claim("stashCapacity", stashCapacity);
            this.stashCapacity = capacity;
            return this;
        }

        /** Adds an interceptor around every actor's {@code receive}; the first added is the outermost. */
        public Builder interceptor(ReceiveInterceptor interceptor) {
            given.checkOpen();
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Carries context (a trace) with every message; default none. See {@link MessageContextHook}. */
        public Builder messageContextHook(MessageContextHook hook) {
            messageContextHook = given.set("messageContextHook", messageContextHook, hook);
            return this;
        }

        /** Registers a dispatcher that actors select by its name. */
        public Builder dispatcher(Dispatcher dispatcher) {
            given.checkOpen();
            Objects.requireNonNull(dispatcher, "dispatcher");
            String name = dispatcher.name();
            if (Dispatchers.DEFAULT.equals(name) || Dispatchers.VIRTUAL.equals(name)) {
                throw new IllegalArgumentException("dispatcher name '" + name + "' is reserved");
            }
            given.putOnce(dispatchers, name, dispatcher, "dispatcher '" + name + "'");
            return this;
        }

        /** Adds an observer of every supervised actor (see {@link SupervisorObserver}). */
        public Builder observer(SupervisorObserver observer) {
            given.checkOpen();
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /** A scheduler of your own, for example one whose time a test controls. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = given.set("scheduler", this.scheduler, scheduler);
            return this;
        }

        /**
         * The level of the log line an actor failure gets: the actor's path, the message it failed on, the
         * supervisor's decision and the stack trace, in one line, at most a few per second (the rest are counted
         * and summed up in a later line). Default {@link LogLevel#ERROR}; {@link LogLevel#OFF} logs no failures.
         */
        public Builder failureLogLevel(LogLevel level) {
            failureLogLevel = given.set("failureLogLevel", failureLogLevel,
                    Objects.requireNonNull(level, "failureLogLevel"));
            return this;
        }

        /**
         * Whether dead letters are logged: a rate-limited {@code INFO} line naming the message type, sender,
         * receiver and reason, with a count of those not logged. Default true. While the system stops, and for the
         * message an actor failed on (its failure line names it), they are logged at {@code DEBUG} only.
         */
        public Builder logDeadLetters(boolean enabled) {
            given.claim("logDeadLetters", logDeadLetters);
            logDeadLetters = enabled;
            return this;
        }

        /**
         * Caps the live actors: past {@link EvictionPolicy#maxActors()} the system passivates actors that can come
         * back on demand, as the policy chooses. Default none (no cap).
         */
        public Builder eviction(EvictionPolicy policy) {
            eviction = given.set("eviction", eviction, Objects.requireNonNull(policy, "eviction"));
            return this;
        }

        /** Applies defaults, validates every field and returns the config. */
        public ActorSystemConfig build() {
            given.markBuilt();
            if (!given.isGiven("throughput")) {
                throughput = DEFAULT_THROUGHPUT;
            } else if (throughput < 1) {
                throw new IllegalArgumentException("throughput must be >= 1, was " + throughput);
            }
            if (!given.isGiven("parallelism")) {
                parallelism = Runtime.getRuntime().availableProcessors();
            } else if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("parallelism must be within [1, " + MAX_PARALLELISM + "], was "
                        + parallelism);
            }
            if (spinning == null) {
                spinning = Spinning.ADAPTIVE;
            }
            askTimeout = positive("askTimeout", askTimeout, DEFAULT_ASK_TIMEOUT);
            shutdownTimeout = positive("shutdownTimeout", shutdownTimeout, DEFAULT_SHUTDOWN_TIMEOUT);
            if (defaultSupervisor == null) {
                defaultSupervisor = SupervisorStrategy.defaultStrategy();
            }
            if (guardianSupervisor == null) {
                guardianSupervisor = SupervisorStrategy.defaultStrategy();
            }
            if (defaultMailbox == null) {
                defaultMailbox = MailboxFactory.unbounded();
            }
            if (!given.isGiven("stashCapacity")) {
                stashCapacity = DEFAULT_STASH_CAPACITY;
            } else if (stashCapacity < 1) {
                throw new IllegalArgumentException("stashCapacity must be >= 1, was " + stashCapacity);
            }
            if (failureLogLevel == null) {
                failureLogLevel = LogLevel.ERROR;
            }
            if (!given.isGiven("logDeadLetters")) {
                logDeadLetters = true;
            }
            return new ActorSystemConfig(this);
        }

        private static Duration positive(String name, Duration value, Duration fallback) {
            if (value == null) {
                return fallback;
            }
            Limits.check(Limits.timeoutProblem(value, name));
            return value;
        }
    }
}
