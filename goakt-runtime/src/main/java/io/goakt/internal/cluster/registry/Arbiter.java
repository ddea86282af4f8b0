package io.goakt.internal.cluster.registry;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The arbitrating side of registration: the member that owns a name's partition in the current view
 * ({@link Partitions#arbiterOf}) decides, one claim at a time, who may register it.
 *
 * <p>A claim is granted when it was made in the arbiter's own view (same view id, so requester and arbiter agree
 * that this member arbitrates the name), this member has quorum ({@link io.goakt.cluster.Cluster#hasQuorum()}:
 * by the {@link io.goakt.cluster.QuorumRule} in force, asked at each claim), the registry holds no entry for
 * the name, and no other claim holds a reservation for it. The grant leaves a reservation (member and request id)
 * until the requester's entry arrives, the requester releases it or leaves, or the reservation lifetime
 * ({@link io.goakt.cluster.ClusterConfig#reservationLifetime()}) passes; a repeated claim with the same request id (a retry after a lost answer) is granted again.
 *
 * <p>Threading: not thread-safe; the owning service calls it under its lock.
 */
final class Arbiter {

    /** How long an unused grant keeps the name reserved by default: longer than any registration waits. */
    static final long RESERVATION_TTL_MILLIS = io.goakt.cluster.ClusterConfig.DEFAULT_RESERVATION_LIFETIME.toMillis();

    private record Reservation(String memberId, long requestId, long grantedAt) {
    }

    private final Member self;
    private final int partitionCount;
    /** This member's quorum verdict, read at each claim. */
    private final BooleanSupplier quorum;
    private final long reservationTtlMillis;
    private final Map<String, Reservation> reservations = new HashMap<>();

    Arbiter(Member self, int partitionCount, BooleanSupplier quorum) {
        this(self, partitionCount, quorum, RESERVATION_TTL_MILLIS);
    }

    Arbiter(Member self, int partitionCount, BooleanSupplier quorum, long reservationTtlMillis) {
        this.self = self;
        this.partitionCount = partitionCount;
        this.quorum = quorum;
        this.reservationTtlMillis = reservationTtlMillis;
    }

    /** Decides the claim of {@code memberId}; one of the {@link RegistryMessage.ClaimReply} codes. */
    byte arbitrate(String memberId, long requestId, String name, long viewId, ClusterView view,
                   Optional<RegistryEntry> existing, long nowMillis) {
        if (viewId != view.viewId() || !Partitions.arbiterOf(name, partitionCount, view.members()).equals(self)) {
            return RegistryMessage.ClaimReply.RETRY;
        }
        if (!quorum.getAsBoolean()) {
            return RegistryMessage.ClaimReply.NO_QUORUM;
        }
        if (existing.isPresent()) {
            return RegistryMessage.ClaimReply.TAKEN;
        }
        Reservation r = reservations.get(name);
        boolean sameClaim = r != null && r.memberId.equals(memberId) && r.requestId == requestId;
        if (r != null && !sameClaim && nowMillis - r.grantedAt < reservationTtlMillis) {
            return RegistryMessage.ClaimReply.TAKEN;
        }
        reservations.put(name, new Reservation(memberId, requestId, nowMillis));
        return RegistryMessage.ClaimReply.GRANTED;
    }

    /** The name is registered (or its registration withdrawn): its reservation is done. */
    void settled(String name) {
        reservations.remove(name);
    }

    /** The requester withdrew its grant. */
    void release(String name, String memberId, long requestId) {
        Reservation r = reservations.get(name);
        if (r != null && r.memberId.equals(memberId) && r.requestId == requestId) {
            reservations.remove(name);
        }
    }

    /** Drops the reservations of members not in {@code view}. */
    void retain(ClusterView view) {
        reservations.values().removeIf(r -> view.member(r.memberId).isEmpty());
    }
}
