package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.mailbox.Envelope;

/**
 * A message about an actor's life rather than its work: stop, restart, resume, watch, child events. System
 * messages have their own queue in the {@link Mailbox}, are processed before user messages, and are processed
 * even while the actor is suspended.
 *
 * <p>Each instance is enqueued once; {@link #next} links it into the mailbox's system stack.
 */
abstract class SystemMessage {

    /** Link in the system stack; written before the CAS that publishes the node, read after the swap that takes it. */
    SystemMessage next;

    /** Stop the actor (children first). {@code selfInitiated} for {@code ctx.stop()} and {@code PoisonPill}. */
    static final class Terminate extends SystemMessage {
        final boolean selfInitiated;

        Terminate(boolean selfInitiated) {
            this.selfInitiated = selfInitiated;
        }
    }

    /** Replace the actor's instance, keeping the mailbox. */
    static final class Recreate extends SystemMessage {
        final Throwable cause;

        Recreate(Throwable cause) {
            this.cause = cause;
        }
    }

    /** Go on with the current instance after a failure. */
    static final class Resume extends SystemMessage {
    }

    /**
     * Stop processing user messages until {@code Reinstate}: the parent's {@code SUSPEND} directive (with the
     * failure), or an operator's {@code ActorSystem.suspend} ({@code cause} null).
     */
    static final class Suspend extends SystemMessage {
        final Throwable cause;

        Suspend(Throwable cause) {
            this.cause = cause;
        }
    }

    /** End a lasting suspension ({@code ActorSystem.reinstate}). */
    static final class Reinstate extends SystemMessage {
    }

    /**
     * An ancestor stopped processing (it failed, or is suspended until reinstated): process no user messages until the
     * matching {@link ResumeSubtree}, and pass it on to the children. Sent by the parent.
     */
    static final class SuspendSubtree extends SystemMessage {
    }

    /** The end of one {@link SuspendSubtree}; passed on to the children as it was. Sent by the parent. */
    static final class ResumeSubtree extends SystemMessage {
    }

    /** A child failed; the receiver is its parent and applies the child's strategy. */
    static final class Failed extends SystemMessage {
        final ActorCell child;
        final Throwable cause;
        /** The child's generation when it failed (see {@code ActorCell.generation}). */
        final int generation;
        /** What the child was doing, for the log: {@code "on Deposit"}, {@code "in preStart"}, ... */
        final String during;
        /** The child escalated a failure of its own child, whose line already carries the stack trace. */
        final boolean escalated;

        Failed(ActorCell child, Throwable cause, int generation, String during, boolean escalated) {
            this.child = child;
            this.cause = cause;
            this.generation = generation;
            this.during = during;
            this.escalated = escalated;
        }
    }

    /** A child has stopped; the receiver is its parent. */
    static final class ChildTerminated extends SystemMessage {
        final ActorCell child;

        ChildTerminated(ActorCell child) {
            this.child = child;
        }
    }

    /** {@code watcher} wants {@code Terminated} when the receiver stops. */
    static final class Watch extends SystemMessage {
        final ActorRef watcher;

        Watch(ActorRef watcher) {
            this.watcher = watcher;
        }
    }

    /** {@code watcher} no longer wants {@code Terminated} from the receiver. */
    static final class Unwatch extends SystemMessage {
        final ActorRef watcher;

        Unwatch(ActorRef watcher) {
            this.watcher = watcher;
        }
    }

    /** An actor the receiver watches has stopped. */
    static final class DeathWatchNotification extends SystemMessage {
        final ActorRef actor;

        DeathWatchNotification(ActorRef actor) {
            this.actor = actor;
        }
    }

    /** The system's eviction chose this actor: passivate (or let an {@link Evictable} instance end itself). */
    static final class Evict extends SystemMessage {
    }

    /** Put a user envelope ahead of the mailbox: a request reply that met a full bounded mailbox. */
    static final class DeliverFront extends SystemMessage {
        final Envelope envelope;

        DeliverFront(Envelope envelope) {
            this.envelope = envelope;
        }
    }
}
