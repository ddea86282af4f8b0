package io.goakt.internal.cluster.registry;

import io.goakt.actor.ActorRef;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.NameConflictResolved;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.goakt.internal.cluster.registry.RegistryCore.LOG;

/**
 * Keeps this member's replica of the registry in step with the others': applies entries by the merge rule
 * ({@link Registry}), stops the actor here that lost its name and says so ({@link NameConflictResolved}), announces
 * the stop of an actor here, drops the entries of members that left, and re-announces this member's own entries
 * after every view that brings members in.
 *
 * <p>Threading: any thread; the replica is touched under the core's lock only. {@link #reported} is a concurrent
 * set: a conflict is reported once per losing incarnation even when its entry arrives on several threads.
 */
final class Replication {

    private static final int REPORT_ATTEMPTS = 50;
    private static final long REPORT_RETRY_MILLIS = 100;

    private final RegistryCore core;
    /** The conflicts reported: name, loser's owner and incarnation; cleared on every view change. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Replication(RegistryCore core) {
        this.core = core;
    }

    /** Applies an entry by the merge rule; stops the actor here that lost its name. Returns the losing entry. */
    RegistryEntry apply(RegistryEntry entry) {
        return apply(entry, null);
    }

    /**
     * As {@link #apply(RegistryEntry)}, for an entry that {@code owner} (its owner, when known) announced: the
     * member a losing entry of this member is reported to when the entry wins.
     */
    private RegistryEntry apply(RegistryEntry entry, Member owner) {
        RegistryEntry loser;
        RegistryEntry winner;
        synchronized (core.lock) {
            loser = core.registry.put(entry);
            winner = core.registry.get(entry.name()).orElse(entry);
            core.arbiter.settled(entry.name());
        }
        core.resolved.remove(entry.name());
        if (loser != null && !loser.sameActor(winner)) {
            LOG.info("cluster name {}: entry of {} wins over the entry of {}", entry.name(), winner.ownerId(),
                    loser.ownerId());
            String selfId = core.self.id();
            if (loser.ownerId().equals(selfId) && loser != entry) {
                core.system.lookup(loser.address().path()).filter(r -> r.uid() == loser.uid())
                        .ifPresent(core.system::stop);
                // The winner's member may never have seen the losing entry (this member's announcement can come
                // after the winner's): it is told, so that it reports the conflict too. The announcing owner is used
                // rather than this member's view, which may not hold it yet right after a merge.
                Member winnerMember = owner != null && owner.id().equals(winner.ownerId()) ? owner
                        : core.cluster.view().member(winner.ownerId()).orElse(null);
                if (winnerMember != null) {
                    tellWinner(winnerMember, loser, REPORT_ATTEMPTS);
                }
            }
            if ((loser.ownerId().equals(selfId) || winner.ownerId().equals(selfId))
                    && reported.add(loser.name() + "|" + loser.ownerId() + "|" + loser.uid())) {
                core.system.eventStream().publish(new NameConflictResolved(entry.name(), winner.ownerId(),
                        loser.ownerId()));
            }
        }
        return loser;
    }

    /**
     * Sends the losing entry to the winner's member. Right after a merge this member's channel may not list the
     * winner yet (its entries can arrive before the merged view is installed here), so an unsent report is tried
     * again on the registry thread every {@value #REPORT_RETRY_MILLIS} ms, {@code attemptsLeft} times at most.
     */
    private void tellWinner(Member winner, RegistryEntry loser, int attemptsLeft) {
        if (core.send(winner, new RegistryMessage.Entries(List.of(loser))) || attemptsLeft <= 1) {
            return;
        }
        try {
            core.executor.schedule(() -> tellWinner(winner, loser, attemptsLeft - 1), REPORT_RETRY_MILLIS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the registry closed: the system shuts down
        }
    }

    /** An actor stopped: when it held a cluster-unique name here, the name is given up everywhere. */
    void onActorStopped(ActorRef ref) {
        String name = ref.name();
        Long uid = core.runningHere.get(name);
        if (uid == null || uid != ref.uid() || !ref.path().equals("/user/" + name)
                || !core.runningHere.remove(name, uid)) {
            return;
        }
        RegistryEntry removed;
        synchronized (core.lock) {
            removed = core.registry.remove(name, core.self.id(), uid);
        }
        core.resolved.remove(name);
        if (removed != null && removed.relocatable() && !core.system.isRunning() && core.cluster.hasQuorum()) {
            // The system shuts down: its relocatable actors stopped first, and another member spawns them again.
            LOG.info("cluster member {} shuts down and hands {} over", core.self.id(), name);
            core.send(null, new RegistryMessage.HandedOver(List.of(removed)));
        } else {
            core.send(null, new RegistryMessage.Unregistered(name, core.self.id(), uid));
        }
    }

    /** {@code from}'s actor of an entry stopped. */
    void onUnregistered(Member from, RegistryMessage.Unregistered u) {
        if (u.ownerId().equals(from.id())) {
            synchronized (core.lock) {
                core.registry.remove(u.name(), u.ownerId(), u.uid());
            }
            core.resolved.remove(u.name());
        }
    }

    /** Entries {@code from} announced: only those it owns count. */
    void onEntries(Member from, List<RegistryEntry> entries) {
        for (RegistryEntry entry : entries) {
            if (entry.ownerId().equals(from.id())) {
                apply(entry, from);
            }
        }
    }

    /**
     * A new view: the entries of members that left are dropped (returned, for relocation); after a view that
     * brings members in, this member announces its own entries and its load again.
     */
    List<RegistryEntry> onViewChanged(ClusterViewChanged change, Runnable reportLoad) {
        ClusterView view = change.view();
        List<RegistryEntry> dropped;
        synchronized (core.lock) {
            dropped = core.registry.retainOwners(RegistryCore.ids(view.members()));
            core.arbiter.retain(view);
            core.loads.retain(view.members());
        }
        core.resolved.clear();
        reported.clear();
        if (!dropped.isEmpty()) {
            LOG.info("cluster {}: member {} dropped {} names of members that left",
                    core.cluster.config().clusterName(), core.self.id(), dropped.size());
        }
        // A merged view may bring no member this one had not seen (a member that was cut off sees its old view
        // again), yet each side may hold names the other dropped meanwhile: both kinds of view re-announce.
        if (!change.joined().isEmpty() || change.merged()) {
            core.async.execute(() -> {
                broadcastOwnEntries();
                reportLoad.run();
            });
        }
        return dropped;
    }

    /** Announces every entry this member owns. */
    void broadcastOwnEntries() {
        List<RegistryEntry> own;
        synchronized (core.lock) {
            own = core.registry.ownedBy(core.self.id());
        }
        if (!own.isEmpty()) {
            core.send(null, new RegistryMessage.Entries(own));
        }
    }
}
