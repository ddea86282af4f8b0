package io.goakt.actor;

import java.time.Duration;
import java.util.List;

/** Thrown by {@link ActorSystem#shutdown(Duration)} when some actors had not stopped in time; names them. */
public class ShutdownTimeoutException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final List<String> notStopped;

    /** Lists the paths still alive after {@code timeout}. */
    public ShutdownTimeoutException(Duration timeout, List<String> notStopped) {
        super("actors still running after " + timeout + ": " + notStopped);
        this.notStopped = List.copyOf(notStopped);
    }

    /** The paths of the actors that had not stopped. */
    public List<String> notStopped() {
        return notStopped;
    }
}
