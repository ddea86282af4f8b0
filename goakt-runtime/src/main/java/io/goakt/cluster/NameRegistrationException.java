package io.goakt.cluster;

import io.goakt.actor.GoaktException;

/**
 * A cluster-unique name could not be registered, for a reason other than the name being taken (which is
 * {@link io.goakt.actor.ActorAlreadyExistsException}): this member has no quorum ({@link Cluster#hasQuorum()}, by
 * {@link ClusterConfig#quorum()}), or the member that arbitrates the name did not answer before the
 * registration's deadline.
 */
public class NameRegistrationException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public NameRegistrationException(String message) {
        super(message);
    }
}
