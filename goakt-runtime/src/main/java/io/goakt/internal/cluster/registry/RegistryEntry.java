package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;

import java.util.Comparator;
import java.util.Objects;

/**
 * One granted cluster-unique name: the actor that holds it and the member that runs it.
 *
 * @param name         the cluster-unique name
 * @param ownerId      the id of the member that runs the actor; the entry is dropped when that member leaves
 * @param address      the actor's address (the owner's system, remoting endpoint and {@code /user/<name>})
 * @param uid          the actor's incarnation
 * @param registeredAt the owner's wall-clock time of the registration, in milliseconds; orders entries in the
 *                     merge rule
 * @param viewId       the id of the owner's view when the name was granted
 */
public record RegistryEntry(String name, String ownerId, Address address, long uid, long registeredAt, long viewId) {

    /**
     * The merge rule's order: the entry registered earlier comes first, then the smaller owner id, then the smaller
     * incarnation (then the view id and the address, so that the order is total). Computed from the entries alone,
     * so every member picks the same winner whatever it saw first.
     */
    public static final Comparator<RegistryEntry> PRECEDENCE = Comparator.comparingLong(RegistryEntry::registeredAt)
            .thenComparing(RegistryEntry::ownerId).thenComparingLong(RegistryEntry::uid)
            .thenComparingLong(RegistryEntry::viewId).thenComparing(RegistryEntry::address);

    /** Checks the parts. */
    public RegistryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(address, "address");
    }

    /** True when this entry wins over {@code other} for the same name. */
    public boolean winsOver(RegistryEntry other) {
        return PRECEDENCE.compare(this, other) < 0;
    }

    /** True when both name the same actor incarnation on the same member. */
    public boolean sameActor(RegistryEntry other) {
        return ownerId.equals(other.ownerId) && uid == other.uid && address.equals(other.address);
    }
}
