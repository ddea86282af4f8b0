package io.goakt.actor;

import java.util.Objects;

/** Outcomes carried as messages, for replies to {@code ask} and results of {@code pipeTo}. */
public final class Status {

    private Status() {
    }

    /**
     * A successful result whose value was {@code null} (for example a {@code CompletionStage<Void>} given to
     * {@code pipeTo}); non-null values are sent as they are.
     *
     * @param value the value, possibly {@code null}
     */
    public record Success(Object value) {
    }

    /**
     * A failed result. As a reply to an {@code ask} it fails the asker's stage with {@link #cause()}; from
     * {@code pipeTo} it carries the stage's failure.
     *
     * @param cause what went wrong
     */
    public record Failure(Throwable cause) {
        /** Checks the cause. */
        public Failure {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
