package io.goakt.actor;

/**
 * How an actor behaves while its {@link ReceiveContext#request requests} wait for replies: with
 * {@link Mode#ALLOW_ALL} it keeps handling other messages; with {@link Mode#STASH_NON_REENTRANT} it sets every other
 * message aside until no such request is in flight, then handles them in arrival order. Either way the reply runs the
 * request's callback on the actor's own thread, and at most {@link #maxInFlight()} requests may wait at once.
 *
 * @param mode        the default mode of this actor's requests (each call may override it)
 * @param maxInFlight the most requests that may wait at once; one more fails with {@link RequestLimitException}
 */
public record Reentrancy(Mode mode, int maxInFlight) {

    /** The default: allow-all, at most 1024 requests in flight. */
    public static final Reentrancy DEFAULT = new Reentrancy(Mode.ALLOW_ALL, 1024);

    /** Checks the values. */
    public Reentrancy {
        java.util.Objects.requireNonNull(mode, "mode");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("reentrancy maxInFlight must be >= 1, was " + maxInFlight);
        }
    }

    /** Keep handling other messages while requests wait. */
    public static Reentrancy allowAll(int maxInFlight) {
        return new Reentrancy(Mode.ALLOW_ALL, maxInFlight);
    }

    /** Set other messages aside while a request waits. */
    public static Reentrancy stashNonReentrant(int maxInFlight) {
        return new Reentrancy(Mode.STASH_NON_REENTRANT, maxInFlight);
    }

    /** A request's reentrancy mode. */
    public enum Mode {
        /** Other messages are handled while the request waits. */
        ALLOW_ALL,
        /** Other messages wait (in arrival order) until the request's reply has been handled. */
        STASH_NON_REENTRANT
    }
}
