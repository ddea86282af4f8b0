package io.goakt.internal.grain;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Context;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ReceiveTimeout;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainActivated;
import io.goakt.grain.GrainActivationException;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainDeactivated;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;
import io.goakt.internal.actor.Evictable;
import io.goakt.internal.actor.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One activation of a grain: the actor that runs it, and the {@link GrainContext} its code sees (one object, reused
 * for every message).
 *
 * <p>It counts what it receives from its entry ({@code Deliver} and {@code Deactivate} messages) so that, once it
 * has begun to deactivate, it knows when the last message sent to it has arrived: until then it hands each one back
 * (or, after a failed activation, fails it), then ends. User code never throws out of this actor: failures are
 * handled here, so the actor's supervisor sees none and its mailbox is never dropped by a restart.
 *
 * <p>Threading: the runtime runs it as an actor, one callback at a time; every field is the activation's own.
 */
final class GrainActivation implements Actor, GrainContext, Evictable {

    private static final Logger LOG = LoggerFactory.getLogger(GrainActivation.class);

    private final LocalGrainRegistry registry;
    private final GrainEntry entry;
    private final GrainIdentity identity;
    private final GrainOptions options;
    private final LocalGrainRef self;
    private final GrainSenderRef selfAsSender;

    private Grain grain;
    private boolean activated;
    private Throwable activationFailure;
    /** Messages received from the entry: compared with what the entry sent. */
    private long received;
    private long handled;
    private boolean draining;
    private long expected;
    private GrainDeactivated.Reason reason;
    private boolean finished;
    private List<Protocol.Pending> handBack;
    private boolean deactivateRequested;
    private Object message;
    private ActorRef sender;
    private ActorRef actorSelf;

    GrainActivation(LocalGrainRegistry registry, GrainEntry entry) {
        this.registry = registry;
        this.entry = entry;
        this.identity = entry.identity;
        this.options = entry.kind.options();
        this.self = new LocalGrainRef(registry, identity);
        this.selfAsSender = new GrainSenderRef(registry, identity);
    }

    // =================================================================== actor side

    @Override
    public void preStart(Context ctx) {
        actorSelf = ctx.self();
        List<Protocol.Pending> refused = entry.attach(this, ctx.self());
        if (refused == null) {
            finished = true; // the registry closed while this activation was being made
            ctx.stop();
            return;
        }
        for (Protocol.Pending p : refused) {
            registry.deadLetter(identity, p, DeadLetter.Reason.MAILBOX_FULL,
                    "the mailbox of grain " + identity + " was full when its activation started");
        }
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m instanceof Protocol.Deliver d) {
            received++;
            onMessage(ctx, d.message(), ctx.sender());
        } else if (m == Protocol.Deactivate.INSTANCE) {
            received++;
            if (draining) {
                maybeFinish(ctx);
            } else {
                beginDeactivation(ctx, GrainDeactivated.Reason.REQUESTED, true);
            }
        } else if (m == PostStart.INSTANCE) {
            activate(ctx);
        } else if (m == ReceiveTimeout.INSTANCE) {
            if (activated && !draining) {
                beginDeactivation(ctx, GrainDeactivated.Reason.IDLE, false);
            }
        } else {
            ctx.unhandled(); // sent to the activation's actor directly: grains are reached through GrainRefs
        }
    }

    private void activate(ReceiveContext ctx) {
        if (finished) {
            return;
        }
        try {
            Grain g = entry.kind.factory().get();
            grain = Objects.requireNonNull(g, "grain factory returned null");
            g.onActivate(this);
            activated = true;
        } catch (Throwable t) {
            LOG.debug("activation of grain {} failed", identity, t);
            activationFailure = t;
            grain = null;
            beginDeactivation(ctx, null, true);
            return;
        }
        ctx.setReceiveTimeout(options.idleTimeout());
        registry.publish(new GrainActivated(identity));
        if (deactivateRequested) {
            deactivateRequested = false;
            beginDeactivation(ctx, GrainDeactivated.Reason.REQUESTED, true);
        }
    }

    private void onMessage(ReceiveContext ctx, Object msg, ActorRef from) {
        if (draining) {
            if (activationFailure != null) {
                registry.fail(identity, new Protocol.Pending(msg, from),
                        new GrainActivationException(identity, activationFailure));
            } else {
                handBack.add(new Protocol.Pending(msg, from));
            }
            maybeFinish(ctx);
            return;
        }
        if (!registry.mayServe()) {
            // Not served here now: the message goes back, in order, for the activation the front allows.
            beginDeactivation(ctx, GrainDeactivated.Reason.REQUESTED, true, new Protocol.Pending(msg, from));
            if (draining) {
                return;
            }
        }
        boolean failed = false;
        message = msg;
        sender = from;
        try {
            if (msg == PoisonPill.INSTANCE) {
                // A grain is never stopped for good: its PoisonPill ends this activation, as deactivate() does.
                deactivateRequested = true;
            } else {
                grain.receive(this);
            }
        } catch (Throwable t) {
            failed = true;
            LOG.debug("grain {} failed on {}", identity, msg.getClass().getName(), t);
            registry.fail(identity, new Protocol.Pending(msg, from), t);
        } finally {
            message = null;
            sender = null;
        }
        handled++;
        if (deactivateRequested) {
            deactivateRequested = false;
            beginDeactivation(ctx, GrainDeactivated.Reason.REQUESTED, true);
        } else if (failed && options.onFailure() == GrainOptions.OnFailure.DEACTIVATE) {
            beginDeactivation(ctx, GrainDeactivated.Reason.FAILURE, true);
        } else if (options.maxMessages() > 0 && handled >= options.maxMessages()) {
            beginDeactivation(ctx, GrainDeactivated.Reason.MAX_MESSAGES, true);
        }
    }

    /**
     * The system's eviction chose this activation: it deactivates as an idle one does, declining when messages are
     * on their way to it (it is not idle after all).
     */
    @Override
    public boolean evict(ReceiveContext ctx) {
        if (draining || finished) {
            return true;
        }
        if (!activated) {
            return false;
        }
        beginDeactivation(ctx, GrainDeactivated.Reason.EVICTED, false);
        return draining;
    }

    /**
     * Stops taking messages: from now on the entry holds new ones for the next activation. Refused while not
     * {@code force} and messages are on their way (then this activation is not idle after all).
     */
    private void beginDeactivation(ReceiveContext ctx, GrainDeactivated.Reason why, boolean force) {
        beginDeactivation(ctx, why, force, null);
    }

    /** As above; {@code first}, when not null, is a message received but not handled: it is handed back first. */
    private void beginDeactivation(ReceiveContext ctx, GrainDeactivated.Reason why, boolean force,
                                   Protocol.Pending first) {
        long total = entry.beginDeactivation(this, received, force);
        if (total < 0) {
            return;
        }
        draining = true;
        expected = total;
        reason = why;
        handBack = new ArrayList<>();
        if (first != null) {
            handBack.add(first);
        }
        ctx.setReceiveTimeout(null);
        maybeFinish(ctx);
    }

    private void maybeFinish(ReceiveContext ctx) {
        if (draining && !finished && received == expected) {
            finished = true;
            endActivation(reason);
            entry.finished(this, handBack);
            ctx.stop();
        }
    }

    private void endActivation(GrainDeactivated.Reason why) {
        if (!activated) {
            return;
        }
        activated = false;
        try {
            grain.onDeactivate(this);
        } catch (Throwable t) {
            LOG.warn("onDeactivate of grain {} threw", identity, t);
        }
        grain = null;
        registry.publish(new GrainDeactivated(identity, why));
    }

    /**
     * The actor stops. After {@link #maybeFinish} there is nothing left to do; otherwise it was stopped from outside
     * the protocol (system shutdown, an operator's stop): the runtime reports what is queued in its mailbox as dead
     * letters, and messages sent from now on wait for the next activation.
     */
    @Override
    public void postStop(Context ctx) {
        if (finished) {
            return;
        }
        finished = true;
        if (!draining) {
            entry.beginDeactivation(this, received, true);
        }
        endActivation(ctx.system().isRunning() ? GrainDeactivated.Reason.STOPPED : GrainDeactivated.Reason.SHUTDOWN);
        entry.finished(this, handBack == null ? List.of() : handBack);
    }

    // =================================================================== GrainContext

    @Override
    public GrainIdentity identity() {
        return identity;
    }

    @Override
    public Object message() {
        return message;
    }

    @Override
    public ActorRef sender() {
        return sender;
    }

    @Override
    public void respond(Object reply) {
        Replies.respond(reply, sender, selfAsSender, registry.system());
    }

    @Override
    public GrainRef self() {
        return self;
    }

    @Override
    public ActorSystem system() {
        return registry.system();
    }

    @Override
    public GrainRegistry grains() {
        return registry;
    }

    @Override
    public void tell(GrainRef to, Object msg) {
        Objects.requireNonNull(to, "to");
        to.tell(msg, selfAsSender);
    }

    @Override
    public void forward(GrainRef to) {
        Objects.requireNonNull(to, "to");
        if (message == null) {
            throw new IllegalStateException("forward() is only valid while handling a message");
        }
        to.tell(message, sender);
    }

    @Override
    public void deactivate() {
        deactivateRequested = true;
    }

    @Override
    public String toString() {
        return "GrainActivation[" + identity + (actorSelf == null ? "" : " at " + actorSelf.path()) + "]";
    }
}
