package io.goakt.internal.cluster.singleton;

import io.goakt.actor.Actor;
import io.goakt.actor.Context;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.Cluster;
import io.goakt.internal.actor.InternalActorSystem;

/**
 * A singleton's actor that handles a message only while its member has quorum.
 *
 * <p>Why: a member that was frozen (SIGSTOP, a long pause) runs its actors again the moment it thaws, before its pause
 * watch ticks and {@code QuorumLost} stops the instance; meanwhile the others may have started the singleton
 * elsewhere, so the messages queued here would be handled by a second instance. {@link Cluster#hasQuorum()} is
 * already false right after a thaw, so a message that finds no quorum becomes a dead letter
 * ({@link DeadLetter.Reason#ACTOR_STOPPED}) instead; the instance stops on {@code QuorumLost} soon after.
 * {@link PostStart} always passes.
 *
 * <p>Threading: an actor; {@code hasQuorum} is a lock-free read of the cluster's state.
 */
final class QuorumGuardedActor implements Actor {

    private final Actor actor;
    private final Cluster cluster;
    private final InternalActorSystem system;
    private final String name;

    QuorumGuardedActor(Actor actor, Cluster cluster, InternalActorSystem system, String name) {
        this.actor = actor;
        this.cluster = cluster;
        this.system = system;
        this.name = name;
    }

    @Override
    public void preStart(Context ctx) throws Exception {
        actor.preStart(ctx);
    }

    @Override
    public void receive(ReceiveContext ctx) throws Exception {
        if (ctx.message() instanceof PostStart || cluster.hasQuorum()) {
            actor.receive(ctx);
        } else {
            system.deadLetter(ctx.message(), ctx.sender(), ctx.self(), DeadLetter.Reason.ACTOR_STOPPED,
                    "singleton " + name + ": member " + cluster.self().id() + " has no quorum");
        }
    }

    @Override
    public void postStop(Context ctx) throws Exception {
        actor.postStop(ctx);
    }
}
