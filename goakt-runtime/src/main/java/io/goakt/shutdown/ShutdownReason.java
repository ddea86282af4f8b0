package io.goakt.shutdown;

import java.util.Objects;

/**
 * Why a system shuts down, logged when the shutdown begins and handed to every task. Applications may make their
 * own ({@code new ShutdownReason("deploy of v42")}).
 *
 * @param description what the log says, e.g. {@code "application request"}
 */
public record ShutdownReason(String description) {

    /** {@code ActorSystem.shutdown()} or {@code close()} was called. */
    public static final ShutdownReason APPLICATION_REQUEST = new ShutdownReason("application request");

    /** The application context that owns the system is closing (the Spring starter's reason). */
    public static final ShutdownReason CONTEXT_CLOSED = new ShutdownReason("application context closed");

    /** Checks the description is not blank. */
    public ShutdownReason {
        Objects.requireNonNull(description, "description");
        if (description.isBlank()) {
            throw new IllegalArgumentException("a shutdown reason needs a description");
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
