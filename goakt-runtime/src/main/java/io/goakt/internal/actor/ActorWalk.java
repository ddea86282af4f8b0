package io.goakt.internal.actor;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorVisitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The two walks over a system's live actors, breadth first from the user guardian's children (parents before
 * children): {@link #snapshots} makes an {@link ActorInfo} of each, {@link #walk} hands each to a visitor with only
 * the first few snapshotted. Both skip a terminated actor and its subtree.
 */
final class ActorWalk {

    private ActorWalk() {
    }

    /** A snapshot of every live actor below {@code guardian}, parents before children. */
    static List<ActorInfo> snapshots(ActorCell guardian) {
        List<ActorInfo> all = new ArrayList<>();
        ArrayDeque<ActorCell> todo = new ArrayDeque<>(guardian.childCells());
        while (!todo.isEmpty()) {
            ActorCell c = todo.poll();
            if (!c.isTerminated()) {
                all.add(c.info());
                todo.addAll(c.childCells());
            }
        }
        return all;
    }

    /**
     * The walk of {@link #snapshots} without a snapshot per actor beyond the first {@code detailed}: the queue is one
     * list of cells, each with its parent's position, and the children are appended straight from each table.
     * {@code actorCount} sizes the queue, so that it grows rarely, if ever.
     */
    static void walk(ActorCell guardian, int actorCount, int detailed, ActorVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        ArrayList<ActorCell> queue = new ArrayList<>(Math.max(16, actorCount + 16));
        ChildMap top = guardian.childMap();
        if (top != null) {
            top.addTo(queue);
        }
        int[] parents = new int[Math.max(queue.size(), actorCount + 16)];
        Arrays.fill(parents, 0, queue.size(), -1);
        int position = 0;
        for (int q = 0; q < queue.size(); q++) {
            ActorCell c = queue.get(q);
            if (c.isTerminated()) { // volatile load of the status word; its children are not walked either
                continue;
            }
            ActorInfo detail = position < detailed ? c.info(false) : null;
            visitor.visit(parents[q], c.self, detail != null ? detail.processedCount() : c.processed(), detail);
            ChildMap kids = c.childMap();
            if (kids != null && !kids.isEmpty()) {
                int from = queue.size();
                kids.addTo(queue);
                if (queue.size() > parents.length) {
                    parents = Arrays.copyOf(parents, Math.max(queue.size(), parents.length * 2));
                }
                Arrays.fill(parents, from, queue.size(), position);
            }
            queue.set(q, null); // visited: the list keeps only the cells still to walk reachable
            position++;
        }
    }
}
