package io.goakt.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The {@code goakt.*} settings of the auto-configured actor system. Keys the runtime does not support yet (remoting,
 * cluster) are not bound.
 */
@ConfigurationProperties("goakt")
public class GoaktProperties {

    /** Whether to create an actor system in the application context. */
    private boolean enabled = true;

    private final SystemSettings system = new SystemSettings();

    private final Mailbox mailbox = new Mailbox();

    /** Whether to create an actor system in the application context. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Settings of the system itself. */
    public SystemSettings getSystem() {
        return system;
    }

    /** The default mailbox of actors. */
    public Mailbox getMailbox() {
        return mailbox;
    }

    /** {@code goakt.system.*}. */
    public static class SystemSettings {

        /** Name of the actor system: 1 to 255 letters, digits, '-' and '_'. */
        private String name = "goakt";

        /** Timeout of an ask that names none. Must be positive. */
        private Duration askTimeout = Duration.ofSeconds(5);

        /**
         * How long stopping the application waits for actors to finish their queued messages and stop. Must be
         * positive.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private final Dispatcher dispatcher = new Dispatcher();

        /** Name of the actor system. */
        public String getName() {
            return name;
        }

        /** Sets the name of the actor system. */
        public void setName(String name) {
            this.name = name;
        }

        /** Timeout of an ask that names none. */
        public Duration getAskTimeout() {
            return askTimeout;
        }

        /** Sets the timeout of an ask that names none. */
        public void setAskTimeout(Duration askTimeout) {
            this.askTimeout = askTimeout;
        }

        /** How long stopping waits for actors. */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /** Sets how long stopping waits for actors. */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        /** The default dispatcher. */
        public Dispatcher getDispatcher() {
            return dispatcher;
        }
    }

    /** {@code goakt.system.dispatcher.*}. */
    public static class Dispatcher {

        /** Messages an actor handles per turn on a dispatcher thread before it yields the thread. At least 1. */
        private int throughput = 64;

        /** Threads of the default dispatcher, 1 to 32767; unset means the number of processors. */
        private Integer parallelism;

        /** Messages per turn. */
        public int getThroughput() {
            return throughput;
        }

        /** Sets the messages per turn. */
        public void setThroughput(int throughput) {
            this.throughput = throughput;
        }

        /** Threads of the default dispatcher, or {@code null} for the number of processors. */
        public Integer getParallelism() {
            return parallelism;
        }

        /** Sets the threads of the default dispatcher. */
        public void setParallelism(Integer parallelism) {
            this.parallelism = parallelism;
        }
    }

    /** {@code goakt.mailbox.*}. */
    public static class Mailbox {

        /**
         * Mailbox type of actors that do not choose one: unbounded (the default), bounded ({@code capacity}
         * messages; a tell to a full mailbox fails with MailboxFullException) or fair (round-robin between senders).
         */
        private String type = "unbounded";

        /** Capacity of bounded mailbox types, in messages. At least 1; ignored by unbounded mailboxes. */
        private int capacity = 1000;

        /** Mailbox type. */
        public String getType() {
            return type;
        }

        /** Sets the mailbox type. */
        public void setType(String type) {
            this.type = type;
        }

        /** Capacity of bounded mailboxes. */
        public int getCapacity() {
            return capacity;
        }

        /** Sets the capacity of bounded mailboxes. */
        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }
}
