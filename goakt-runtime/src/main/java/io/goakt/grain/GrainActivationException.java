package io.goakt.grain;

import io.goakt.actor.GoaktException;

/**
 * Completes an {@code ask} (and explains the dead letter of a {@code tell}) whose message was waiting for an
 * activation that failed: the kind's factory or {@link Grain#onActivate} threw (the cause). The next message tries a
 * fresh activation.
 */
public class GrainActivationException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final transient GrainIdentity identity;

    /** For {@code identity}, failed by {@code cause}. */
    public GrainActivationException(GrainIdentity identity, Throwable cause) {
        super("activation of grain " + identity + " failed: " + cause, cause);
        this.identity = identity;
    }

    /** The grain whose activation failed. */
    public GrainIdentity identity() {
        return identity;
    }
}
