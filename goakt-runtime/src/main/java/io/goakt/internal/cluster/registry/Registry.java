package io.goakt.internal.cluster.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One member's replica of the cluster's names: at most one {@link RegistryEntry} per name.
 *
 * <h2>Merge rule</h2>
 * Entries arrive from their owners in any interleaving: a registration broadcast, the entries every owner sends
 * again when the view changes (which is how a joining member, and each side of a healed partition, learns the
 * other's names). {@link #put} keeps, for each name, the entry that comes first in
 * {@link RegistryEntry#PRECEDENCE} (the older owner, by the wall-clock time its registry started; then registered
 * earlier, then the smaller owner id, then the smaller incarnation). The owner's age is carried in the entry rather
 * than read from a view, because views differ between members while entries meet.
 * Because that order is total and depends only on the entries, the replica is a join-semilattice: applying the same
 * entries in any order, any number of times, gives the same map, so every member that saw the same entries agrees.
 * {@code RegistryMergePropertyTest} checks that with random histories. The losing entry is returned so that its
 * owner can stop the actor that lost the name.
 *
 * <p>{@link #remove} deletes an entry only for the same incarnation, so a late removal of an earlier holder cannot
 * delete the current one; {@link #retainOwners} drops every entry of a member that left.
 *
 * <p>Threading: not thread-safe; the owning service guards it with its lock.
 */
final class Registry {

    private final Map<String, RegistryEntry> entries = new HashMap<>();

    /**
     * Applies {@code incoming}.
     *
     * @return the entry that lost to the other one for the name, or {@code null} when there was no conflict (the
     *         name was free, or the same entry was already there). The loser may name the same actor as the winner
     *         under another stamp; only a loser that names another actor has an actor to stop.
     */
    RegistryEntry put(RegistryEntry incoming) {
        RegistryEntry existing = entries.get(incoming.name());
        if (existing == null) {
            entries.put(incoming.name(), incoming);
            return null;
        }
        if (existing.equals(incoming)) {
            return null;
        }
        if (incoming.winsOver(existing)) {
            entries.put(incoming.name(), incoming);
            return existing;
        }
        return incoming;
    }

    /** Removes the entry of {@code name} when it is the incarnation {@code uid} on member {@code ownerId}. */
    RegistryEntry remove(String name, String ownerId, long uid) {
        RegistryEntry e = entries.get(name);
        if (e != null && e.ownerId().equals(ownerId) && e.uid() == uid) {
            entries.remove(name);
            return e;
        }
        return null;
    }

    /** Drops the entries whose owner is not among {@code memberIds}; returns them. */
    List<RegistryEntry> retainOwners(Collection<String> memberIds) {
        Set<String> live = Set.copyOf(memberIds);
        List<RegistryEntry> dropped = new ArrayList<>();
        entries.values().removeIf(e -> {
            if (!live.contains(e.ownerId())) {
                dropped.add(e);
                return true;
            }
            return false;
        });
        return dropped;
    }

    Optional<RegistryEntry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The entries {@code ownerId} owns. */
    List<RegistryEntry> ownedBy(String ownerId) {
        return entries.values().stream().filter(e -> e.ownerId().equals(ownerId)).toList();
    }

    Set<String> names() {
        return Set.copyOf(entries.keySet());
    }

    /** A copy of the whole map, for tests and diagnostics. */
    Map<String, RegistryEntry> snapshot() {
        return Map.copyOf(entries);
    }
}
