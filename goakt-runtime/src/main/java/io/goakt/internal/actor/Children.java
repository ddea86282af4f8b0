package io.goakt.internal.actor;

import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.mailbox.MessageQueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An actor's children: spawning one, finding one by name, listing them, stopping them.
 *
 * <h2>Threading</h2>
 * The {@link ChildMap} is created on the first spawn, in the cell's {@link Rare} part ({@link Rare#children}), so
 * that an actor without children carries no field for it; any thread reads it (lookups by path, snapshots). Adds come
 * from the owner, or from any thread when this is the guardian ({@code ActorSystem.spawn}); the {@link ChildMap}
 * locks its writers and lets readers in without a lock. A child removes itself from its parent's map on its own
 * thread when it stops.
 */
abstract class Children extends CellState {

    Children(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
             MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
        if (guardian) {
            rare().children = new ChildMap(16); // volatile store; published with the guardian itself
        }
    }

    /**
     * Spawns a child. Callable by this cell's owner, or by any thread when this is the guardian. Runs the child's
     * factory and {@code preStart} on the calling thread, which owns the child's mailbox until it returns.
     */
    final ActorCell spawn(String childName, Object childFactory, SpawnOptions options) {
        Names.validate(childName);
        return spawnNamed(childName, childFactory, options);
    }

    /**
     * Spawns a child under a generated name ({@link ChildMap#nextUnnamedName}), which starts with {@code $} and so
     * never clashes with a name a user may choose. Same threading as {@link #spawn}.
     */
    final ActorCell spawnUnnamed(Object childFactory, SpawnOptions options) {
        return spawnNamed(childrenForWrite().nextUnnamedName(), childFactory, options);
    }

    private ActorCell spawnNamed(String childName, Object childFactory, SpawnOptions options) {
        Objects.requireNonNull(childFactory, "factory");
        Objects.requireNonNull(options, "options");
        if (isTerminating()) { // volatile load, a fast refusal; the load after the put below is the one that matters
            throw new IllegalStateException("cannot spawn " + childName + ": " + self.path() + " is stopping");
        }
        Dispatcher childDispatcher = system.dispatcher(options.dispatcher());
        MailboxFactory mailbox = options.mailbox() != null ? options.mailbox() : system.config().defaultMailbox();
        // The default queue lives inside the mailbox itself (null here): no queue object per actor.
        MessageQueue childQueue = mailbox == MailboxFactory.unbounded() ? null : mailbox.create();
        ActorCell child = new ActorCell(system, (ActorCell) this, childName, childFactory, options, childQueue,
                childDispatcher, false);
        ChildMap map = childrenForWrite();
        if (map.putIfAbsent(child) != null) {
            throw new ActorAlreadyExistsException(path() + "/" + childName);
        }
        // The put ends with a volatile store of the map's size; this volatile load of the terminating bit follows
        // it. Lifecycle.handleTerminate does the mirror image (atomic or of the bit, then a volatile load of the
        // size in hasLiveChildren), so at least one side sees the other: a child is never left unstopped.
        if (isTerminating()) {
            map.remove(child);
            child.abandonUnstarted();
            sendSystem(new SystemMessage.ChildTerminated(child));
            throw new IllegalStateException("cannot spawn " + childName + ": " + self.path() + " is stopping");
        }
        if (parent != null) { // not the guardian, which is never suspended: this is the owner's thread
            inheritSuspensions(child);
        }
        ObserverRelay relay = system.observerRelay();
        if (relay.active(child.observer())) {
            ActorRef childRef = child.self;
            relay.emit(child.observer(), o -> o.registered(childRef));
        }
        child.start();
        return child;
    }

    /**
     * A child spawned while this cell or an ancestor is suspended starts suspended, counting each suspension whose
     * end will reach it through this cell (see {@code FailureHandling}). Owner only; the spawning thread owns the
     * child's mailbox.
     */
    private void inheritSuspensions(ActorCell child) {
        Extras x = extras();
        int n = (x == null ? 0 : x.ancestorSuspensions) + (subtreeSuspended() ? 1 : 0);
        if (n > 0) {
            child.ext().ancestorSuspensions = n;
            child.suspend();
        }
    }

    private ChildMap childrenForWrite() {
        Rare r = rare();
        ChildMap map = r.children; // volatile load: the owner's own store, or the guardian's from construction
        if (map == null) {
            // Only the owner adds children to a non-guardian cell, so no race creates two maps.
            map = new ChildMap(2);
            r.children = map; // volatile store: publishes the map to lookups on other threads
        }
        return map;
    }

    /** The children table, or null before the first spawn. Any thread. */
    final ChildMap childMap() {
        Rare r = rareIfPresent(); // acquire: pairs with the CAS that published the Rare part
        return r == null ? null : r.children; // volatile load: pairs with childrenForWrite's store
    }

    @Override
    public final Collection<ActorRef> children() {
        ChildMap map = childMap();
        if (map == null || map.isEmpty()) {
            return List.of();
        }
        List<ActorRef> refs = new ArrayList<>(map.size());
        for (ActorCell c : map.values()) {
            if (!c.isTerminating()) { // volatile load: pairs with the child's atomic or when its stop began
                refs.add(c.self);
            }
        }
        return refs;
    }

    @Override
    public final Optional<ActorRef> child(String childName) {
        ActorCell c = childCell(childName);
        // Volatile load of the child's flag: pairs with its store when its stop began.
        return c == null || c.isTerminating() ? Optional.empty() : Optional.of(c.self);
    }

    /** The child cell named {@code childName}, stopping or not, or null. Any thread. */
    final ActorCell childCell(String childName) {
        ChildMap map = childMap();
        return map == null ? null : map.get(childName);
    }

    /** A snapshot of the child cells. Any thread. */
    final Collection<ActorCell> childCells() {
        ChildMap map = childMap();
        return map == null ? List.of() : map.values();
    }

    /** Forgets {@code child}, which has stopped or failed to start. Any thread. */
    final void removeChild(ActorCell child) {
        ChildMap map = childMap();
        if (map != null) {
            map.remove(child);
        }
    }

    @Override
    public final void stop(ActorRef child) {
        if (child instanceof LocalActorRef l && l.cell.parent == this) {
            l.cell.sendSystem(new SystemMessage.Terminate(false));
        } else {
            throw new IllegalArgumentException(child + " is not a child of " + self.path());
        }
    }

    /** Some child has not yet reported its stop. Any thread; the size is a volatile load. */
    final boolean hasLiveChildren() {
        ChildMap map = childMap();
        return map != null && !map.isEmpty();
    }

    /** Asks every child to stop. Owner only. */
    final void stopAllChildren() {
        for (ActorCell c : childCells()) {
            c.sendSystem(new SystemMessage.Terminate(false));
        }
    }
}
