package io.goakt.actor;

import java.time.Duration;

/** Completes an {@code ask} whose reply did not arrive in time. */
public class AskTimeoutException extends GoaktException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /** For an ask to {@code target} of a {@code messageType} that waited {@code timeout}. */
    public AskTimeoutException(ActorRef target, String messageType, Duration timeout) {
        super("no reply from " + target + " to " + messageType + " within " + timeout);
        this.timeout = timeout;
    }

    /** How long the ask waited for a reply. */
    public Duration timeout() {
        return timeout;
    }
}
