package io.goakt.internal.grain;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.EventStream;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import io.goakt.actor.Terminated;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainActivationException;
import io.goakt.grain.GrainEvent;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainKindAlreadyRegisteredException;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.UnknownGrainKindException;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The grains of one actor system, in this JVM. See the package documentation for the design.
 *
 * <p>Threading: every method may be called by any thread. The send path is a map lookup and one short critical
 * section on the identity's {@link GrainEntry}; activations are spawned by the grains parent actor, one at a time,
 * each then running on its own.
 */
public final class LocalGrainRegistry implements GrainRegistry, AutoCloseable {

    /** Name of the grains parent actor under {@code /user}; activations are its children. */
    public static final String PARENT_NAME = "goakt-grains";

    /** Grain actors never fail (the activation catches what user code throws); should one, it stops. */
    private static final SupervisorStrategy STOP_ON_FAILURE = SupervisorStrategy.oneForOne()
            .otherwise(Directive.STOP).build();

    /** A registered kind and the spawn options of its activations. */
    record Kind(String name, Supplier<? extends Grain> factory, GrainOptions options, SpawnOptions spawnOptions) {
    }

    private final InternalActorSystem system;
    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<GrainIdentity, GrainEntry> entries = new ConcurrentHashMap<>();
    private final AtomicLong longNames = new AtomicLong();
    private final ActorRef parent;
    /**
     * The clustered registry in front, or {@code null} while this one stands alone: set once by {@link #attach}
     * (a volatile store), read by every send (a volatile load that pairs with it).
     */
    private volatile GrainFront front;
    private volatile boolean closed;

    /**
     * Creates the registry of {@code system}; use {@code Grains.of(system)}.
     *
     * @throws IllegalArgumentException when {@code system} was not made by {@code ActorSystem.create}
     */
    public LocalGrainRegistry(ActorSystem system) {
        this.system = InternalActorSystem.of(system);
        // One instance for every incarnation: its map of live activations is what turns each one's Terminated into
        // its entry's next step, so an operator's restart must not empty it.
        this.parent = system.spawnInstance(PARENT_NAME, new GrainsParent(), SpawnOptions.defaults());
    }

    /**
     * Puts {@code f} in front of this registry: from now on every send through its refs goes to {@code f}, and
     * {@code f} decides which identities may activate here.
     *
     * @throws IllegalStateException when a front is attached already
     */
    public synchronized void attach(GrainFront f) {
        Objects.requireNonNull(f, "front");
        if (front != null) {
            throw new IllegalStateException("the grains of " + system.name() + " have a front already: " + front);
        }
        front = f;
    }

    /** The ref a grain {@code identity} is seen as when it is a sender: replies reach it by identity. */
    public ActorRef senderRef(GrainIdentity identity) {
        return new GrainSenderRef(this, identity);
    }

    /** The identity of the grain {@code ref} stands for (a grain as a sender), or {@code null} for any other ref. */
    public static GrainIdentity grainOf(ActorRef ref) {
        return ref instanceof GrainSenderRef g ? g.identity() : null;
    }

    InternalActorSystem system() {
        return system;
    }

    boolean isClosed() {
        return closed;
    }

    // =================================================================== GrainRegistry

    @Override
    public void register(String kind, Supplier<? extends Grain> factory, GrainOptions options) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        new GrainIdentity(kind, "-"); // validates the kind the way identities do
        SpawnOptions.Builder spawn = SpawnOptions.builder().supervisor(STOP_ON_FAILURE);
        if (options.mailbox() != null) {
            spawn.mailbox(options.mailbox());
        }
        if (options.dispatcher() != null) {
            spawn.dispatcher(options.dispatcher());
        }
        Kind k = new Kind(kind, factory, options, spawn.build());
        if (kinds.putIfAbsent(kind, k) != null) {
            throw new GrainKindAlreadyRegisteredException(kind);
        }
    }

    @Override
    public Set<String> kinds() {
        return Set.copyOf(kinds.keySet());
    }

    @Override
    public GrainRef ref(String kind, String id) {
        GrainIdentity identity = new GrainIdentity(kind, id);
        if (!kinds.containsKey(kind)) {
            throw new UnknownGrainKindException(kind, kinds.keySet());
        }
        return new LocalGrainRef(this, identity);
    }

    @Override
    public CompletionStage<Void> deactivate(GrainIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        GrainEntry e = entries.get(identity);
        return e == null ? CompletableFuture.completedFuture(null) : e.requestDeactivation();
    }

    @Override
    public Set<GrainIdentity> activeGrains() {
        Set<GrainIdentity> active = new HashSet<>();
        for (GrainEntry e : entries.values()) {
            if (e.isActive()) {
                active.add(e.identity);
            }
        }
        return Set.copyOf(active);
    }

    @Override
    public boolean isActive(GrainIdentity identity) {
        GrainEntry e = entries.get(Objects.requireNonNull(identity, "identity"));
        return e != null && e.isActive();
    }

    /** True when {@code kind} is registered. */
    public boolean hasKind(String kind) {
        return kinds.containsKey(kind);
    }

    /**
     * Deactivates every activation here whose identity {@code which} selects, as {@link #deactivate} does; the
     * stage completes when all of them have ended. The caller makes sure no new message reaches those identities
     * here first, else one may activate again.
     */
    public CompletableFuture<Void> deactivateAll(java.util.function.Predicate<GrainIdentity> which) {
        List<CompletableFuture<Void>> stages = new java.util.ArrayList<>();
        for (GrainEntry e : entries.values()) {
            if (which.test(e.identity)) {
                stages.add(e.requestDeactivation().toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }

    /** The number of activations running or starting here, by kind; a snapshot. */
    public Map<String, Integer> activeByKind() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (GrainEntry e : entries.values()) {
            if (e.isActive()) {
                counts.merge(e.identity.kind(), 1, Integer::sum);
            }
        }
        return counts;
    }

    // =================================================================== the send path

    /**
     * Sends {@code message} to the grain at {@code identity} here, activating it if needed, whatever the front;
     * {@code identity}'s kind must be registered. For the front. Any thread.
     */
    public void deliverHere(GrainIdentity identity, Object message, ActorRef sender) {
        deliver(identity, message, sender);
    }

    /** A send through one of this registry's refs: to the front if one is attached, else here. Any thread. */
    void route(GrainIdentity identity, Object message, ActorRef sender) {
        GrainFront f = front;
        if (f == null) {
            deliver(identity, message, sender);
        } else {
            Objects.requireNonNull(message, "message");
            f.send(identity, message, sender);
        }
    }

    /** Whether the front lets activations here handle messages now; always without a front. Any thread. */
    boolean mayServe() {
        GrainFront f = front; // volatile load: pairs with the store in attach
        return f == null || f.mayServe();
    }

    /** True when {@code identity} may get a new activation here: always, unless the front says otherwise. */
    boolean mayActivate(GrainIdentity identity) {
        GrainFront f = front;
        return f == null || f.mayActivate(identity);
    }

    /** Sends {@code message} to the grain at {@code identity}, activating it if needed. Any thread. */
    void deliver(GrainIdentity identity, Object message, ActorRef sender) {
        Objects.requireNonNull(message, "message");
        Kind kind = kinds.get(identity.kind()); // refs are only made for registered kinds
        for (;;) {
            if (!system.isRunning()) {
                deadLetter(identity, new Protocol.Pending(message, sender), DeadLetter.Reason.ACTOR_STOPPED,
                        "actor system " + system.name() + " is shutting down");
                return;
            }
            GrainEntry e = entries.get(identity); // the common case: the grain is known, so no bin lock
            if (e == null) {
                e = entries.computeIfAbsent(identity, id -> new GrainEntry(this, id, kind));
            }
            switch (e.offer(message, sender)) {
                case ACCEPTED -> {
                    return;
                }
                case ACTIVATE -> {
                    parent.tell(new Protocol.Activate(e));
                    return;
                }
                case CLOSED -> {
                    deadLetter(identity, new Protocol.Pending(message, sender), DeadLetter.Reason.ACTOR_STOPPED,
                            "the grains of " + system.name() + " are closed");
                    return;
                }
                case RETRY -> {
                    // removed after our lookup: look again
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    void remove(GrainEntry entry) {
        entries.remove(entry.identity, entry);
    }

    /** Entries in the directory, active or not: what churn must not grow. For tests; weakly consistent. */
    int entryCount() {
        return entries.size();
    }

    /**
     * A grain could not handle a message: an ask gets the failure, anything else becomes a dead letter.
     */
    void fail(GrainIdentity identity, Protocol.Pending p, Throwable cause) {
        if (p.sender() != null && system.isAskSender(p.sender())) {
            p.sender().tell(new Status.Failure(cause), new GrainSenderRef(this, identity));
        } else {
            deadLetter(identity, p, DeadLetter.Reason.FAILED, "grain " + identity + " failed on it: " + cause);
        }
    }

    void deadLetter(GrainIdentity identity, Protocol.Pending p, DeadLetter.Reason reason, String detail) {
        system.deadLetter(p.message(), p.sender(), new GrainSenderRef(this, identity), reason, detail);
    }

    /** A message that waited for an activation the front refused here: the front sends it on. */
    void reroute(GrainIdentity identity, Protocol.Pending p) {
        front.reroute(identity, p.message(), p.sender());
    }

    void publish(GrainEvent event) {
        EventStream events = system.eventStream(); // the interface: the implementation class is package-private
        if (events.hasSubscribers(event.getClass())) {
            events.publish(event);
        }
    }

    String actorName(GrainIdentity identity) {
        return GrainNames.actorName(identity, longNames::incrementAndGet);
    }

    /**
     * Called when the system shuts down, after every actor (activations included) has stopped: messages still
     * waiting for an activation become dead letters (an ask waiting on one fails at once).
     */
    @Override
    public void close() {
        closed = true; // then take each entry's lock: pairs with GrainEntry.offer's read of closed under it
        for (GrainEntry e : entries.values()) {
            for (Protocol.Pending p : e.abandon()) {
                deadLetter(e.identity, p, DeadLetter.Reason.ACTOR_STOPPED,
                        "the grains of " + system.name() + " closed before grain " + e.identity + " was activated");
            }
        }
    }

    /**
     * The parent of every activation: it spawns them (children can only be spawned by their parent's thread) and
     * watches them, and when one has terminated (its name is free again) starts the next if messages wait.
     */
    private final class GrainsParent implements Actor {
        /** Parent's thread only. */
        private final Map<ActorRef, GrainEntry> children = new HashMap<>();

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Protocol.Activate a) {
                activate(ctx, a.entry());
            } else if (m instanceof Terminated t) {
                GrainEntry e = children.remove(t.actor());
                if (e != null && e.terminated(t.actor())) {
                    activate(ctx, e);
                }
            } else if (m != PostStart.INSTANCE) {
                ctx.unhandled();
            }
        }

        private void activate(ReceiveContext ctx, GrainEntry e) {
            ActorRef child;
            try {
                // The instance form: the entry attaches to this very activation and counts messages against it, so
                // a restart must keep the object rather than make one the entry does not know.
                child = ctx.spawnChildInstance(actorName(e.identity), new GrainActivation(LocalGrainRegistry.this, e),
                        e.kind.spawnOptions());
            } catch (RuntimeException ex) {
                List<Protocol.Pending> waiting = e.abandon();
                GrainActivationException failure = new GrainActivationException(e.identity, ex);
                for (Protocol.Pending p : waiting) {
                    fail(e.identity, p, failure);
                }
                return;
            }
            children.put(child, e);
            ctx.watch(child);
        }
    }
}
