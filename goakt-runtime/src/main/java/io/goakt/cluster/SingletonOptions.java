package io.goakt.cluster;

import io.goakt.actor.SpawnOptions;
import io.goakt.internal.util.SetOnce;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@linkplain ClusterSingletons cluster singleton} runs: among which members, with which spawn options, how
 * many messages its proxies hold while no instance runs, and how long a graceful hand-over waits for it to stop.
 *
 * <p>Immutable; build with {@link #builder()}, or take {@link #defaults()}.
 */
public final class SingletonOptions {

    /** The proxy buffer's size when none is given. */
    public static final int DEFAULT_BUFFER_SIZE = 1000;
    /** The hand-over timeout when none is given. */
    public static final Duration DEFAULT_HANDOVER_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SingletonOptions DEFAULTS = builder().build();

    private final String role;
    private final SpawnOptions spawnOptions;
    private final int bufferSize;
    private final Duration handoverTimeout;

    private SingletonOptions(Builder b) {
        this.role = b.role;
        this.spawnOptions = b.spawnOptions;
        this.bufferSize = b.bufferSize;
        this.handoverTimeout = b.handoverTimeout;
    }

    /** Any member, default spawn options, a buffer of {@value #DEFAULT_BUFFER_SIZE}, a 10 s hand-over timeout. */
    public static SingletonOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The role a member needs to run the singleton; empty for any member. */
    public Optional<String> role() {
        return Optional.ofNullable(role);
    }

    /** The options of the singleton's actor (mailbox, dispatcher, supervisor, ...). */
    public SpawnOptions spawnOptions() {
        return spawnOptions;
    }

    /**
     * How many messages each member's proxy holds while no instance is known to run (at start, during a hand-over,
     * after a crash); a message beyond it becomes a dead letter that names the singleton and the limit.
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * How long a graceful leave of the member that runs the singleton waits for its actor to stop before the member
     * leaves without handing it over; the next member then starts it once the view without the leaver is stable.
     */
    public Duration handoverTimeout() {
        return handoverTimeout;
    }

    @Override
    public String toString() {
        return "SingletonOptions[role=" + role + ", bufferSize=" + bufferSize + ", handoverTimeout="
                + handoverTimeout + "]";
    }

    /** Builds {@link SingletonOptions}; each setting may be given once. One thread. */
    public static final class Builder {
        private String role;
        private SpawnOptions spawnOptions = SpawnOptions.defaults();
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private Duration handoverTimeout = DEFAULT_HANDOVER_TIMEOUT;
        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /** See {@link SingletonOptions#role()}: 1 to 64 of {@code A-Z a-z 0-9 . _ -}, as member roles are. */
        public Builder role(String role) {
            Objects.requireNonNull(role, "role");
            if (!ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("role: '" + role
                        + "' is not a role name (1 to 64 of A-Z a-z 0-9 . _ -)");
            }
            this.role = given.set("role", this.role, role);
            return this;
        }

        /** See {@link SingletonOptions#spawnOptions()}. */
        public Builder spawnOptions(SpawnOptions options) {
            this.spawnOptions = given.set("spawnOptions", this.spawnOptions, options);
            return this;
        }

        /** See {@link SingletonOptions#bufferSize()}; 0 (no buffering) to 1,000,000. */
        public Builder bufferSize(int size) {
            if (size < 0 || size > 1_000_000) {
                throw new IllegalArgumentException("bufferSize must be 0..1000000 messages, was " + size);
            }
            given.claim("bufferSize", this.bufferSize);
            this.bufferSize = size;
            return this;
        }

        /** See {@link SingletonOptions#handoverTimeout()}; at least 10 ms. */
        public Builder handoverTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "handoverTimeout");
            if (timeout.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("handoverTimeout must be at least 10ms, was " + timeout);
            }
            this.handoverTimeout = given.set("handoverTimeout", this.handoverTimeout, timeout);
            return this;
        }

        /** The options. */
        public SingletonOptions build() {
            return new SingletonOptions(this);
        }
    }
}
