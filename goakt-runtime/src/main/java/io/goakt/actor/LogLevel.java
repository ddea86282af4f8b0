package io.goakt.actor;

/**
 * The level at which an {@link ActorSystem} writes a kind of log line, or {@link #OFF} for none. The levels are
 * SLF4J's; see {@link ActorSystemConfig.Builder#failureLogLevel(LogLevel)}.
 */
public enum LogLevel {
    /** SLF4J {@code ERROR}. */
    ERROR,
    /** SLF4J {@code WARN}. */
    WARN,
    /** SLF4J {@code INFO}. */
    INFO,
    /** SLF4J {@code DEBUG}. */
    DEBUG,
    /** Not logged at all. */
    OFF
}
