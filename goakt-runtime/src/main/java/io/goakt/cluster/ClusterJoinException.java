package io.goakt.cluster;

import io.goakt.actor.GoaktException;

/**
 * {@link Cluster#start} could not make this member part of a cluster: the members refused it (an incompatible
 * cluster protocol version or partition count), or its control plane could not start (its port is taken, its
 * address is not local).
 */
public class ClusterJoinException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** With a message and a cause. */
    public ClusterJoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
