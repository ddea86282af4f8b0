package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;
import io.goakt.cluster.Placement;

import java.util.Comparator;
import java.util.Objects;

/**
 * One granted cluster-unique name: the actor that holds it, the member that runs it, and how to start it again
 * elsewhere when it is relocatable.
 *
 * @param name         the cluster-unique name
 * @param ownerId      the id of the member that runs the actor; the entry is dropped when that member leaves
 * @param address      the actor's address (the owner's system, remoting endpoint and {@code /user/<name>})
 * @param uid          the actor's incarnation
 * @param registeredAt the owner's wall-clock time of the registration, in milliseconds
 * @param viewId       the id of the owner's view when the name was granted
 * @param ownerSince   the owner's wall-clock time, in milliseconds, when its registry started (it joined the
 *                     cluster): the owner's age, which comes first in the merge rule
 * @param kind         the remoting kind the actor was spawned from, empty when it was spawned from a factory
 * @param relocatable  whether a member that remains re-spawns the actor (by {@code kind} and {@code placement})
 *                     after its owner crashes, leaves or loses quorum
 * @param placement    how the member that runs it was chosen; relocation places it the same way
 * @param replacedOwnerId for an actor spawned again by relocation, the owner of the entry it replaces; empty
 *                     otherwise
 * @param replacedUid  for an actor spawned again by relocation, the incarnation it replaces; 0 otherwise
 */
public record RegistryEntry(String name, String ownerId, Address address, long uid, long registeredAt, long viewId,
                            long ownerSince, String kind, boolean relocatable, Placement placement,
                            String replacedOwnerId, long replacedUid) {

    /**
     * The merge rule's order: the entry of the older owner (smaller {@code ownerSince}) comes first, then the one
     * registered earlier, then the smaller owner id, then the smaller incarnation (then the remaining parts, so
     * that the order is total). Computed from the entries alone, so every member picks the same winner whatever it
     * saw first.
     */
    public static final Comparator<RegistryEntry> PRECEDENCE = Comparator.comparingLong(RegistryEntry::ownerSince)
            .thenComparingLong(RegistryEntry::registeredAt).thenComparing(RegistryEntry::ownerId)
            .thenComparingLong(RegistryEntry::uid).thenComparingLong(RegistryEntry::viewId)
            .thenComparing(RegistryEntry::address).thenComparing(RegistryEntry::kind)
            .thenComparing(RegistryEntry::relocatable)
            .thenComparing(e -> e.placement().toString()).thenComparing(RegistryEntry::replacedOwnerId)
            .thenComparingLong(RegistryEntry::replacedUid);

    /** Checks the parts. */
    public RegistryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(replacedOwnerId, "replacedOwnerId");
        if (relocatable && kind.isEmpty()) {
            throw new IllegalArgumentException("the relocatable entry of " + name + " has no kind to spawn again");
        }
    }

    /** An entry that replaces no earlier one. */
    public RegistryEntry(String name, String ownerId, Address address, long uid, long registeredAt, long viewId,
                         long ownerSince, String kind, boolean relocatable, Placement placement) {
        this(name, ownerId, address, uid, registeredAt, viewId, ownerSince, kind, relocatable, placement, "", 0);
    }

    /** An entry of an actor spawned from a factory on a member whose registry started at {@code 0}. */
    public RegistryEntry(String name, String ownerId, Address address, long uid, long registeredAt, long viewId) {
        this(name, ownerId, address, uid, registeredAt, viewId, 0, "", false, Placement.local());
    }

    /** This entry, marked as the relocated successor of {@code old}: it wins over {@code old} wherever they meet. */
    public RegistryEntry replacing(RegistryEntry old) {
        return new RegistryEntry(name, ownerId, address, uid, registeredAt, viewId, ownerSince, kind, relocatable,
                placement, old.ownerId, old.uid);
    }

    /** True when this entry is the relocated successor of {@code other}'s incarnation. */
    public boolean replaces(RegistryEntry other) {
        return !replacedOwnerId.isEmpty() && replacedOwnerId.equals(other.ownerId) && replacedUid == other.uid;
    }

    /**
     * True when this entry wins over {@code other} for the same name. A relocated successor wins over the entry it
     * replaces whatever their ages: a member that hears of the successor before the hand-over (messages from two
     * members are not ordered) must not keep the stopped actor's entry, nor make the successor's owner stop it. Any
     * other pair follows {@link #PRECEDENCE}.
     */
    public boolean winsOver(RegistryEntry other) {
        if (replaces(other)) {
            return true;
        }
        if (other.replaces(this)) {
            return false;
        }
        return PRECEDENCE.compare(this, other) < 0;
    }

    /** True when both name the same actor incarnation on the same member. */
    public boolean sameActor(RegistryEntry other) {
        return ownerId.equals(other.ownerId) && uid == other.uid && address.equals(other.address);
    }
}
