package io.goakt.grain;

import io.goakt.internal.util.SetOnce;
import io.goakt.mailbox.MailboxFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * How the grains of one kind run: when they deactivate, their mailbox and dispatcher, and what a failure in
 * {@link Grain#receive} does. Build with {@link #builder()}; every setting has a default and may be given once.
 *
 * <p>Immutable; safe to share.
 */
public final class GrainOptions {

    /** Default of {@link #idleTimeout()}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);

    private static final GrainOptions DEFAULTS = builder().build();

    /** What a grain does after its {@code receive} threw (the failed message is reported either way). */
    public enum OnFailure {
        /** Keep the activation and its state, and go on with the next message (the default). */
        RESUME,
        /**
         * Deactivate ({@code onDeactivate} runs): the next message goes to a fresh instance, so state a failure may
         * have left half-changed is dropped.
         */
        DEACTIVATE
    }

    private final Duration idleTimeout;
    private final long maxMessages;
    private final MailboxFactory mailbox;
    private final String dispatcher;
    private final OnFailure onFailure;

    private GrainOptions(Builder b) {
        this.idleTimeout = b.idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : b.idleTimeout;
        this.maxMessages = b.maxMessages;
        this.mailbox = b.mailbox;
        this.dispatcher = b.dispatcher;
        this.onFailure = b.onFailure == null ? OnFailure.RESUME : b.onFailure;
    }

    /** Every setting at its default. */
    public static GrainOptions defaults() {
        return DEFAULTS;
    }

    /** Starts a new set of options. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long without a message before a grain deactivates; {@link #DEFAULT_IDLE_TIMEOUT} unless set. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Messages an activation handles before it deactivates, or 0 for no limit (the default). */
    public long maxMessages() {
        return maxMessages;
    }

    /** The mailbox of each activation, or {@code null} for the system's default. */
    public MailboxFactory mailbox() {
        return mailbox;
    }

    /** The dispatcher's name, or {@code null} for the default dispatcher. */
    public String dispatcher() {
        return dispatcher;
    }

    /** What a failure in {@code receive} does; {@link OnFailure#RESUME} unless set. */
    public OnFailure onFailure() {
        return onFailure;
    }

    @Override
    public String toString() {
        return "GrainOptions[idleTimeout=" + idleTimeout + ", maxMessages=" + maxMessages + ", mailbox=" + mailbox
                + ", dispatcher=" + dispatcher + ", onFailure=" + onFailure + "]";
    }

    /** Builds {@link GrainOptions}; each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private final SetOnce given = SetOnce.reusable();
        private Duration idleTimeout;
        private long maxMessages;
        private MailboxFactory mailbox;
        private String dispatcher;
        private OnFailure onFailure;

        private Builder() {
        }

        /** Deactivate after {@code timeout} without a message; must be positive. Default 2 minutes. */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "idleTimeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + timeout);
            }
            this.idleTimeout = given.set("idleTimeout", idleTimeout, timeout);
            return this;
        }

        /**
         * Deactivate after handling {@code count} messages (failed ones included); must be at least 1. Messages that
         * were already queued go to the next activation. Default: no limit.
         */
        public Builder maxMessages(long count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxMessages must be >= 1, was " + count);
            }
            given.claim("maxMessages", maxMessages);
            this.maxMessages = count;
            return this;
        }

        /**
         * The mailbox kind of each activation; default: the system's. Unbounded, bounded and fair mailboxes keep
         * each sender's order; a priority mailbox's comparator sees the runtime's wrappers around grain messages,
         * not the messages, so it cannot order them. With a bounded mailbox a {@code tell} to a full grain throws
         * {@code MailboxFullException}; messages that waited for an activation and do not fit become dead letters.
         */
        public Builder mailbox(MailboxFactory factory) {
            this.mailbox = given.set("mailbox", mailbox, factory);
            return this;
        }

        /** The dispatcher grains of this kind run on, by name; default: the default dispatcher. */
        public Builder dispatcher(String name) {
            this.dispatcher = given.set("dispatcher", dispatcher, name);
            return this;
        }

        /** What a failure in {@code receive} does; default {@link OnFailure#RESUME}. */
        public Builder onFailure(OnFailure action) {
            this.onFailure = given.set("onFailure", onFailure, action);
            return this;
        }

        /** The options. */
        public GrainOptions build() {
            return new GrainOptions(this);
        }
    }
}
