package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;
import io.goakt.actor.MailboxFullException;
import io.goakt.grain.GrainIdentity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The registry's record of one grain identity: which activation (if any) takes its messages, and the messages that
 * wait while none does. See the package documentation for the state machine and why it loses and repeats nothing.
 *
 * <p>Threading: every method may be called by any thread; all state is guarded by this object's monitor. The
 * critical sections are short and never block: a {@code tell} into an activation's mailbox is lock-free (a bounded
 * mailbox that is full throws rather than waits).
 */
final class GrainEntry {

    enum State {
        /** Just created; the first sender will ask for an activation. */
        NEW,
        /** An activation was asked of the grains parent; messages wait in {@link #held}. */
        ACTIVATING,
        /** An activation takes messages straight into its mailbox, each counted in {@link #sent}. */
        ACTIVE,
        /** The activation handles or hands back what it was sent; new messages wait in {@link #held}. */
        DEACTIVATING,
        /** Removed from the registry; a sender that still holds it looks again. */
        GONE
    }

    /** What {@link #offer} did with a message. */
    enum Offer {
        /** Sent to the activation, or held for the next one. */
        ACCEPTED,
        /** Held, and the caller must ask the grains parent for an activation. */
        ACTIVATE,
        /** The entry is gone: look it up again. */
        RETRY,
        /** The registry is closed: the caller reports the message as a dead letter. */
        CLOSED
    }

    final GrainIdentity identity;
    final LocalGrainRegistry.Kind kind;
    private final LocalGrainRegistry registry;

    // ---- guarded by this
    private State state = State.NEW;
    private GrainActivation activation;
    private ActorRef actor;
    /** Messages (and deactivation requests) told to the current activation since it attached. */
    private long sent;
    private final ArrayDeque<Protocol.Pending> held = new ArrayDeque<>();
    private boolean deactivateOnAttach;
    private List<CompletableFuture<Void>> waiters;

    GrainEntry(LocalGrainRegistry registry, GrainIdentity identity, LocalGrainRegistry.Kind kind) {
        this.registry = registry;
        this.identity = identity;
        this.kind = kind;
    }

    /**
     * The send path: into the active activation's mailbox, or held while there is none. Any thread.
     *
     * @throws MailboxFullException when the activation's bounded mailbox is full; nothing was counted
     */
    synchronized Offer offer(Object message, ActorRef sender) {
        if (state == State.GONE) {
            return Offer.RETRY;
        }
        // Read under the lock, after the entry was published in the map: pairs with close(), which sets closed and
        // then takes each entry's lock, so a message either sees closed or is found by close().
        if (registry.isClosed()) {
            return Offer.CLOSED;
        }
        switch (state) {
            case ACTIVE -> {
                actor.tell(new Protocol.Deliver(message), sender);
                sent++;
                return Offer.ACCEPTED;
            }
            case NEW -> {
                state = State.ACTIVATING;
                held.addLast(new Protocol.Pending(message, sender));
                return Offer.ACTIVATE;
            }
            default -> {
                held.addLast(new Protocol.Pending(message, sender));
                return Offer.ACCEPTED;
            }
        }
    }

    /**
     * A new activation's {@code preStart} (on the grains parent's thread, before the activation can run): it takes
     * the held messages, in order, and every later one. Returns the messages its full bounded mailbox refused, or
     * {@code null} when the entry is no longer waiting for an activation (the registry closed).
     */
    synchronized List<Protocol.Pending> attach(GrainActivation act, ActorRef ref) {
        if (state != State.ACTIVATING) {
            return null;
        }
        activation = act;
        actor = ref;
        sent = 0;
        state = State.ACTIVE;
        List<Protocol.Pending> refused = List.of();
        Protocol.Pending p;
        while ((p = held.pollFirst()) != null) {
            try {
                ref.tell(new Protocol.Deliver(p.message()), p.sender());
                sent++;
            } catch (MailboxFullException e) {
                if (refused.isEmpty()) {
                    refused = new ArrayList<>();
                }
                refused.add(p);
            }
        }
        if (deactivateOnAttach) {
            deactivateOnAttach = false;
            try {
                sendDeactivate();
            } catch (MailboxFullException e) {
                // a full bounded mailbox: the request is dropped; its stage completes when this activation ends
            }
        }
        return refused;
    }

    /**
     * The activation {@code act} wants to stop taking messages (its thread). Refused (-1) when it is not the active
     * one, or when {@code force} is false and messages it has not received yet are on their way (it is not idle).
     * Otherwise returns how many messages were sent to it in all: it must receive exactly that many before it ends.
     */
    synchronized long beginDeactivation(GrainActivation act, long received, boolean force) {
        if (activation != act || state != State.ACTIVE) {
            return -1;
        }
        if (!force && sent != received) {
            return -1;
        }
        state = State.DEACTIVATING;
        return sent;
    }

    /**
     * The activation {@code act} has handled or handed back everything it was sent and is about to stop (its
     * thread). Messages it hands back go ahead of those held since, so each sender's order is kept.
     */
    void finished(GrainActivation act, List<Protocol.Pending> handedBack) {
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            if (activation != act) {
                return;
            }
            for (int i = handedBack.size() - 1; i >= 0; i--) {
                held.addFirst(handedBack.get(i));
            }
            done = takeWaiters();
        }
        complete(done);
    }

    /**
     * The actor of an activation has terminated (grains parent's thread; its name is free again). Returns true when
     * messages wait and the caller must spawn the next activation; otherwise the entry leaves the registry, and
     * messages that wait for an identity the front no longer lets activate here go to the front to be sent on.
     */
    boolean terminated(ActorRef ref) {
        List<CompletableFuture<Void>> done;
        boolean reactivate;
        List<Protocol.Pending> elsewhere = List.of();
        synchronized (this) {
            if (actor == null || !actor.equals(ref)) {
                return false;
            }
            activation = null;
            actor = null;
            sent = 0;
            deactivateOnAttach = false;
            done = takeWaiters();
            boolean waiting = !held.isEmpty() && !registry.isClosed();
            reactivate = waiting && registry.mayActivate(identity);
            if (reactivate) {
                state = State.ACTIVATING;
            } else {
                if (waiting) {
                    // The identity belongs to another member now: its waiting messages follow it there.
                    elsewhere = new ArrayList<>(held);
                    held.clear();
                }
                state = State.GONE;
                registry.remove(this);
            }
        }
        complete(done);
        for (Protocol.Pending p : elsewhere) {
            registry.reroute(identity, p);
        }
        return reactivate;
    }

    /** No activation could be made, or the registry closed: the entry leaves, returning the messages that waited. */
    List<Protocol.Pending> abandon() {
        List<Protocol.Pending> waiting;
        List<CompletableFuture<Void>> done;
        synchronized (this) {
            waiting = new ArrayList<>(held);
            held.clear();
            state = State.GONE;
            activation = null;
            actor = null;
            done = takeWaiters();
            registry.remove(this);
        }
        complete(done);
        return waiting;
    }

    /** {@code GrainRegistry.deactivate}. Any thread. */
    synchronized CompletionStage<Void> requestDeactivation() {
        switch (state) {
            case NEW, GONE -> {
                return CompletableFuture.completedFuture(null);
            }
            case ACTIVATING -> deactivateOnAttach = true;
            case ACTIVE -> {
                try {
                    sendDeactivate();
                } catch (MailboxFullException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            default -> {
                // DEACTIVATING: the stage completes with the deactivation under way.
            }
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (waiters == null) {
            waiters = new ArrayList<>(2);
        }
        waiters.add(f);
        return f;
    }

    private void sendDeactivate() {
        actor.tell(Protocol.Deactivate.INSTANCE, null);
        sent++;
    }

    /** Under the lock; the caller completes them after releasing it, so no stage callback runs under it. */
    private List<CompletableFuture<Void>> takeWaiters() {
        List<CompletableFuture<Void>> w = waiters;
        waiters = null;
        return w;
    }

    private static void complete(List<CompletableFuture<Void>> done) {
        if (done != null) {
            for (CompletableFuture<Void> f : done) {
                f.complete(null);
            }
        }
    }

    /** Running or starting. */
    synchronized boolean isActive() {
        return state == State.ACTIVATING || state == State.ACTIVE;
    }

    synchronized State state() {
        return state;
    }

    @Override
    public String toString() {
        return "GrainEntry[" + identity + "]";
    }
}
