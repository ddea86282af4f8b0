package io.goakt.internal.cluster.registry;

import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.cluster.ActorRelocated;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.Placement;
import io.goakt.internal.cluster.ClusterHooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.goakt.internal.cluster.registry.RegistryCore.LOG;

/**
 * Relocation: relocatable actors ({@link io.goakt.cluster.Relocation#RELOCATABLE}) are spawned again on a remaining
 * member when their owner vanishes, exactly once cluster-wide, under the same name.
 *
 * <h2>The rule</h2>
 * An entry whose actor is gone without giving its name up becomes an <em>orphan</em> on every member that held it:
 * when a view drops its owner (a crash, a leave, the other side of a partition), or when its owner announces that
 * it stopped it to hand it over ({@link RegistryMessage.HandedOver}: at a graceful leave, at shutdown, on losing
 * quorum). The orphan is spawned again, by its kind and placement, on a member other than its old owner, by the
 * <em>arbiter of its name</em> among the members other than the old owner ({@link #decider}):
 * <ul>
 *   <li>after a crash or a partition, only once a view is stable ({@code ClusterHooks.onStableView}: unchanged for
 *       {@code stableAfter}, with quorum, nobody unreachable). The side that lost quorum stopped its relocatable
 *       actors at once, on suspicion, before that view existed, so the old and the new never run together;</li>
 *   <li>after a hand-over, at once: the old actor stopped before the message was sent.</li>
 * </ul>
 * A member that holds an orphan it does not decide forwards it to the deciding member at each stable view
 * ({@link RegistryMessage.Relocate}), so an arbiter that joined after the owner vanished learns it too; the arbiter
 * spawns a forwarded orphan at once only when its own view is stable as well (or the orphan was handed over), else
 * at its next stable view, since a view it has just installed may still be merging; the member
 * that handed actors over keeps them as orphans as well, so that a hand-over nobody heard (this member was cut off
 * when it lost quorum) reaches an arbiter once the partition healed. The spawn
 * registers the name through the arbiter as any spawn does, so two relocations of one name (an arbiter that
 * changed meanwhile) cannot both be granted while the arbiter's view holds; should two still meet, the merge rule
 * keeps one. The successor's entry names the incarnation it replaces ({@link RegistryEntry#replaces}) and wins over
 * it on every member, since a member may hear of the successor before the hand-over; a spawn refused as taken by
 * a member that still holds the stopped actor's entry is tried again ({@link #retryTaken}). An orphan is dropped
 * once its name is registered again, or when its owner is back in a stable view
 * (the two sides of a partition merged: the owner kept it, since it never lost quorum). A relocation that fails (no
 * member has the kind) is tried again at the next stable view.
 *
 * <p>Threading: {@link #orphans} and {@link #relocating} are confined to the registry thread: every entry point
 * hands its work to {@code core.async}. {@link #handOver} runs on the caller's thread and touches only the
 * registry (under the core's lock) and the running-here map (atomic removes).
 */
final class Relocator {

    private record Orphan(RegistryEntry entry, boolean handedOver) {
    }

    private final RegistryCore core;
    private final PlacedSpawns spawns;
    /** The member's stable views: an orphan whose owner vanished is relocated only in one. */
    private final ClusterHooks hooks;
    /** Registry thread only. */
    private final Map<String, Orphan> orphans = new LinkedHashMap<>();
    /** Names being spawned again by this member; registry thread only. */
    private final Set<String> relocating = new HashSet<>();
    /** Relocations this member decided that succeeded; atomic increments. */
    private final AtomicLong relocations = new AtomicLong();

    /** Times a relocation refused as taken is tried again (see {@link #retryTaken}). */
    static final int TAKEN_RETRIES = 20;
    /** Delay before a relocation refused as taken is tried again. */
    static final long TAKEN_RETRY_MILLIS = 100;

    Relocator(RegistryCore core, PlacedSpawns spawns, ClusterHooks hooks) {
        this.core = core;
        this.spawns = spawns;
        this.hooks = hooks;
    }

    /** Entries a view dropped with their owners; the relocatable ones wait for a stable view. */
    void orphaned(List<RegistryEntry> dropped) {
        List<RegistryEntry> relocatable = dropped.stream().filter(RegistryEntry::relocatable).toList();
        if (!relocatable.isEmpty()) {
            onRegistryThread(() -> relocatable.forEach(e -> orphans.putIfAbsent(e.name(), new Orphan(e, false))));
        }
    }

    /** {@code from} stopped these actors of its own so that another member runs them: they are spawned at once. */
    void onHandedOver(Member from, List<RegistryEntry> entries) {
        List<RegistryEntry> own = entries.stream()
                .filter(e -> e.ownerId().equals(from.id()) && e.relocatable()).toList();
        synchronized (core.lock) {
            own.forEach(e -> core.registry.remove(e.name(), e.ownerId(), e.uid()));
        }
        own.forEach(e -> core.resolved.remove(e.name()));
        onRegistryThread(() -> {
            List<Member> members = core.cluster.view().members();
            for (RegistryEntry e : own) {
                Orphan o = new Orphan(e, true);
                orphans.put(e.name(), o);
                if (decides(e, members)) {
                    relocate(o);
                }
            }
        });
    }

    /**
     * Orphans {@code from} forwarded because this member arbitrates their names: entries of members that vanished,
     * or {@code from}'s own, which it handed over while nobody heard it (it had lost quorum).
     */
    void onRelocate(Member from, List<RegistryEntry> entries) {
        onRegistryThread(() -> {
            ClusterView view = core.cluster.view();
            boolean stable = hooks.isStable(view);
            for (RegistryEntry e : entries) {
                boolean handedOver = e.ownerId().equals(from.id());
                if (e.relocatable() && (handedOver || view.member(e.ownerId()).isEmpty())) {
                    Orphan o = orphans.get(e.name());
                    if (o == null || (handedOver && !o.handedOver() && o.entry().uid() == e.uid()
                            && o.entry().ownerId().equals(e.ownerId()))) {
                        // The owner's word that it handed the actor over beats this member's guess that the owner
                        // vanished: with the owner back in the view, that guess would drop the orphan.
                        o = new Orphan(e, handedOver);
                        orphans.put(e.name(), o);
                    }
                    // An orphan whose owner vanished waits for this member's own stable view too: the forwarder's
                    // view was stable, but this member may have just installed a view that is still merging.
                    if ((o.handedOver() || stable) && decides(o.entry(), view.members())) {
                        relocate(o);
                    }
                }
            }
        });
    }

    /** A view became stable: this member spawns the orphans it arbitrates and forwards the others. */
    void onStableView(ClusterView stable) {
        onRegistryThread(() -> {
            Map<Member, List<RegistryEntry>> forward = new HashMap<>();
            for (Orphan o : List.copyOf(orphans.values())) {
                String name = o.entry().name();
                if (registered(name) || (!o.handedOver() && stable.member(o.entry().ownerId()).isPresent())) {
                    orphans.remove(name, o);
                    continue;
                }
                Member arbiter = decider(name, o.entry().ownerId(), stable.members(), core.partitionCount);
                if (arbiter.equals(core.self)) {
                    relocate(o);
                } else {
                    forward.computeIfAbsent(arbiter, m -> new ArrayList<>()).add(o.entry());
                }
            }
            forward.forEach((arbiter, entries) -> core.send(arbiter, new RegistryMessage.Relocate(entries)));
        });
    }

    /**
     * The member that spawns the orphan {@code name} of {@code oldOwnerId} again: the name's arbiter among
     * {@code members} other than the old owner (all of them when it is the only one). Leaving the old owner out
     * makes the choice the same in the view that still holds it (a hand-over) and in the view without it (after
     * it left), so the two paths never pick two members ({@code RelocationDeciderPropertyTest}).
     */
    static Member decider(String name, String oldOwnerId, List<Member> members, int partitionCount) {
        List<Member> others = members.stream().filter(m -> !m.id().equals(oldOwnerId)).toList();
        return Partitions.arbiterOf(name, partitionCount, others.isEmpty() ? members : others);
    }

    private boolean decides(RegistryEntry orphan, List<Member> members) {
        return decider(orphan.name(), orphan.ownerId(), members, core.partitionCount).equals(core.self);
    }

    /** Spawns an orphan again; registry thread. */
    private void relocate(Orphan o) {
        relocate(o, 0);
    }

    /** {@link #relocate(Orphan)} for its try number {@code taken}: the tries refused as taken before this one. */
    private void relocate(Orphan o, int taken) {
        RegistryEntry old = o.entry();
        String name = old.name();
        if (!core.cluster.hasQuorum() || relocating.contains(name) || core.executor.isShutdown()) {
            return;
        }
        if (registered(name)) {
            orphans.remove(name, o);
            return;
        }
        relocating.add(name);
        Placement placement = old.placement();
        if (placement.strategy() == Placement.Strategy.LOCAL) {
            // "Local" named the old owner; the new one is the least loaded member in the same role.
            placement = placement.role().map(r -> Placement.leastLoaded().inRole(r)).orElse(Placement.leastLoaded());
        }
        LOG.info("cluster member {} relocates {} (kind {}) from {}", core.self.id(), name, old.kind(),
                old.ownerId());
        spawns.spawn(name, old.kind(), placement, true, Set.of(old.ownerId()), old)
                .whenCompleteAsync((ref, error) -> relocated(o, taken, ref, error), core.async);
    }

    /** The outcome of {@link #relocate}'s spawn; registry thread. */
    private void relocated(Orphan o, int taken, ActorRef ref, Throwable error) {
        RegistryEntry old = o.entry();
        String name = old.name();
        relocating.remove(name);
        if (error == null) {
            orphans.remove(name, o);
            relocations.incrementAndGet();
            String newOwner = ownerOf(name, ref);
            core.system.eventStream().publish(new ActorRelocated(name, old.kind(), old.ownerId(), newOwner));
        } else if (RegistryCore.unwrap(error) instanceof ActorAlreadyExistsException) {
            if (registered(name) || !retryTaken(o, taken)) {
                orphans.remove(name, o);
            }
        } else {
            LOG.warn("cluster member {} could not relocate {} (kind {}); it tries again at the next stable "
                    + "view: {}", core.self.id(), name, old.kind(), RegistryCore.unwrap(error).toString());
        }
    }

    /**
     * Stops this member's relocatable actors and announces the hand-over once they stopped, so that other members
     * spawn them: at a graceful leave and on losing quorum. Completes after the announcement.
     */
    CompletionStage<Void> handOver(String why) {
        List<RegistryEntry> own;
        synchronized (core.lock) {
            own = core.registry.ownedBy(core.self.id()).stream().filter(RegistryEntry::relocatable).toList();
        }
        List<RegistryEntry> stopping = new ArrayList<>();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (RegistryEntry e : own) {
            if (!core.runningHere.remove(e.name(), e.uid())) {
                continue; // it stopped meanwhile, and its stop gave the name up
            }
            synchronized (core.lock) {
                core.registry.remove(e.name(), e.ownerId(), e.uid());
            }
            core.resolved.remove(e.name());
            stopping.add(e);
            core.system.lookup(e.address().path()).filter(r -> r.uid() == e.uid())
                    .ifPresent(r -> stops.add(core.system.stop(r).toCompletableFuture()));
        }
        if (stopping.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.info("cluster member {} {}: it stops its {} relocatable actors and hands them over", core.self.id(),
                why, stopping.size());
        // Kept as orphans here too: when nobody heard the hand-over (this member was cut off), this member forwards
        // them to their arbiters at the next stable view it is part of.
        onRegistryThread(() -> stopping.forEach(e -> orphans.put(e.name(), new Orphan(e, true))));
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                .handle((v, e) -> {
                    core.send(null, new RegistryMessage.HandedOver(stopping));
                    return null;
                });
    }

    /** Runs {@code task} on the registry thread; nothing once the registry closed (the system shuts down). */
    private void onRegistryThread(Runnable task) {
        if (!core.executor.isShutdown()) {
            core.async.execute(task);
        }
    }

    /** How many relocations this member decided that succeeded. */
    long relocations() {
        return relocations.get();
    }

    /**
     * Schedules another try of a relocation that a member refused as taken while this member knows no entry of the
     * name: the arbiter or the chosen member may not have processed the hand-over yet (messages from two members
     * are not ordered), and still hold the stopped actor's entry. False once {@value #TAKEN_RETRIES} tries are
     * spent; registry thread.
     */
    private boolean retryTaken(Orphan o, int taken) {
        if (taken >= TAKEN_RETRIES) {
            return false;
        }
        try {
            core.executor.schedule(() -> {
                if (orphans.get(o.entry().name()) == o) {
                    relocate(o, taken + 1);
                }
            }, TAKEN_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    private boolean registered(String name) {
        synchronized (core.lock) {
            return core.registry.get(name).isPresent();
        }
    }

    /** The member that runs {@code ref}, the new holder of {@code name}: this one, or the owner of its entry. */
    private String ownerOf(String name, ActorRef ref) {
        if (ref.address().host() == null) {
            return core.self.id(); // a local ref: spawned here
        }
        synchronized (core.lock) {
            return core.registry.get(name).filter(e -> e.address().equals(ref.address()))
                    .map(RegistryEntry::ownerId).orElse(ref.address().toString());
        }
    }
}
