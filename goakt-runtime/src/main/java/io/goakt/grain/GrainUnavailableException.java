package io.goakt.grain;

import io.goakt.actor.GoaktException;

/**
 * Completes an {@code ask} (and explains the dead letter of a {@code tell}) to a grain of a cluster that no member
 * served within the retries: its partition was being handed over for too long, the member lost quorum, or the
 * kind is not registered on the member that owns it. The reason says which.
 */
public class GrainUnavailableException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final transient GrainIdentity identity;

    /** For {@code identity}, because of {@code reason}. */
    public GrainUnavailableException(GrainIdentity identity, String reason) {
        super("grain " + identity + " unavailable: " + reason);
        this.identity = identity;
    }

    /** The grain. */
    public GrainIdentity identity() {
        return identity;
    }
}
