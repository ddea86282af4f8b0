package io.goakt.cluster;

import io.goakt.actor.GoaktException;

/**
 * No member is eligible for a {@link ClusterActors#spawn(String, String, Placement) placed spawn}: none in the view
 * registered the actor kind, has the placement's role, or (for {@link Placement#local()}) this member did not
 * register the kind. The message names the kind, the placement and the members considered.
 */
public class PlacementException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public PlacementException(String message) {
        super(message);
    }
}
