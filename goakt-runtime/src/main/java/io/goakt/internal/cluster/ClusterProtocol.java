package io.goakt.internal.cluster;

/**
 * The cluster protocol version and the rule for which versions may share a cluster.
 *
 * <p>Every member announces the version it speaks in its address ({@link MemberAddresses}). Two members are
 * compatible when their versions differ by at most one, so a cluster on version {@code n} accepts a member on
 * {@code n + 1} (the first member of a rolling upgrade) and, later, the last members still on {@code n}; a member
 * two versions apart is refused when it asks to join ({@link CompatibilityToken}). A version {@code n + 1} may add
 * message types but must keep understanding every type of version {@code n}, and must not send a type introduced in
 * {@code n + 1} to a member whose address says {@code n}.
 */
public final class ClusterProtocol {

    /** The version this build speaks. */
    public static final int CURRENT_VERSION = 1;

    private ClusterProtocol() {
    }

    /** True when members on versions {@code a} and {@code b} may share a cluster. */
    public static boolean compatible(int a, int b) {
        return Math.abs((long) a - b) <= 1;
    }
}
