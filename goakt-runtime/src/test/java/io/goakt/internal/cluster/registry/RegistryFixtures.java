package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;
import io.goakt.cluster.Member;
import io.goakt.cluster.Placement;
import io.goakt.remote.Endpoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Seeded random members and entries for the property tests of the registry and of placement. */
final class RegistryFixtures {

    private RegistryFixtures() {
    }

    static Member member(String id, Set<String> roles) {
        return new Member(id, "127.0.0.1", 7800, new Endpoint("127.0.0.1", 7355), roles, 1);
    }

    /** {@code n} members with random ids and a random subset of the roles {@code r0..r2}. */
    static List<Member> members(SplittableRandom rnd, int n) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<String> roles = new HashSet<>();
            for (int r = 0; r < 3; r++) {
                if (rnd.nextBoolean()) {
                    roles.add("r" + r);
                }
            }
            out.add(member("sys" + i + "@127.0.0.1:" + (7000 + i) + "#" + Long.toHexString(rnd.nextLong()), roles));
        }
        return out;
    }

    /**
     * An entry for {@code name} on a random owner of {@code owners}, with a random registration time and uid. Each
     * owner's start time is a function of its id (an owner has one age), taken from a small range so that equal
     * ages, and so the tie-breaks, are common; half the entries are relocatable.
     */
    static RegistryEntry entry(SplittableRandom rnd, String name, List<String> owners) {
        String owner = owners.get(rnd.nextInt(owners.size()));
        boolean relocatable = rnd.nextBoolean();
        return new RegistryEntry(name, owner, new Address("sys", "127.0.0.1", 7355, "/user/" + name),
                rnd.nextLong(1, 6), rnd.nextLong(1000, 1004), rnd.nextLong(1, 10), ownerSince(owner),
                relocatable ? "kind" + rnd.nextInt(2) : "", relocatable,
                rnd.nextBoolean() ? Placement.leastLoaded() : Placement.roundRobin().inRole("r0"));
    }

    /** The start time of {@code owner}: one of three values, fixed per owner id. */
    static long ownerSince(String owner) {
        return 500 + Math.floorMod(owner.hashCode(), 3);
    }
}
