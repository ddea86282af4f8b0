package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.eventstream.ActorFailed;
import io.goakt.eventstream.ActorReinstated;
import io.goakt.eventstream.ActorSuspended;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Failure and suspension, the child's side: actor code threw, so the cell suspends, keeps the message it failed on,
 * suspends its subtree and asks its parent ({@code Failed}); the parent's decision ends the suspension. The parent's
 * side is {@link Supervision}; restart and stop are {@link Lifecycle}'s.
 *
 * <h2>The subtree waits too</h2>
 * A failed actor's children act for it, on state whose soundness is now in question, so while the failure is decided
 * (a restart backoff included) nothing below it processes user messages either, as in OTP and Akka. The failing cell
 * sends {@code SuspendSubtree} to its children, each passes it on to its own, and each suspends its mailbox; their
 * queues keep filling in order. The decision ends it: {@code Resume} sends the matching {@code ResumeSubtree} down
 * the same way; a restart or a stop stops the children ({@link Lifecycle}), which report what they kept as dead
 * letters; a {@code SUSPEND} decision keeps the subtree suspended until the actor is reinstated.
 *
 * <h2>Lasting suspension</h2>
 * A {@code SUSPEND} directive or {@code ActorSystem.suspend} ({@code Suspend}) suspends the actor and its subtree
 * until {@code Reinstate}, a restart, or a stop. Its queued messages then run in order.
 *
 * <h2>Sources of suspension</h2>
 * User messages wait while any of these holds: a failure awaits the parent's decision ({@code failurePending}), a
 * lasting suspension, an ancestor's suspension ({@code ancestorSuspensions} above zero), a restart waits for its
 * children to stop. Each is set and cleared on its own and {@link #refreshSuspension} derives the mailbox's
 * {@code SUSPENDED} bit from all of them, so the end of one never lets an actor run that another still holds. Each
 * {@code SuspendSubtree} a cell sends is matched by one {@code ResumeSubtree} to the same children, in order (the
 * system messages one cell sends another arrive in the order sent); a cell passes on only the ends of suspensions
 * it counted, and a child spawned during a suspension starts with its parent's count, so counts always match.
 *
 * <p>None of this touches the message path: the turn already tests the mailbox's {@code SUSPENDED} bit, and every
 * transition here is a system message.
 *
 * <h2>Threading</h2>
 * Owner only: {@code failurePending}, the lasting suspension and the subtree's are bits of {@link CellState}'s flags
 * (snapshots read the lasting one), the failed message, the escalated children and the ancestors' count live in the
 * owner-only {@link Extras}. Parents and operators reach the cell through system messages.
 */
abstract class FailureHandling extends HealthAndPassivation {

    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);

    FailureHandling(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                    MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    /**
     * Actor code threw on a message: suspend and ask the parent. {@code failed} is the message the code was handed,
     * which becomes a {@code FAILED} dead letter once the parent decides; null when the code was handed none (a
     * runtime timer such as the health check).
     */
    final void handleFailure(Envelope failed, Throwable cause) {
        handleFailure(failed, cause, failed == null ? "on an internal message"
                : "on " + SystemLog.typeName(WithHeaders.unwrap(failed.message())), false);
    }

    /**
     * Actor code threw, or this cell escalates a child's failure ({@code escalated}): suspend and ask the parent.
     * {@code during} says what the actor was doing, for the parent's log line.
     */
    final void handleFailure(Envelope failed, Throwable cause, String during, boolean escalated) {
        if (isTerminating()) {
            LOG.warn("{} failed while stopping; the stop goes on", self.path(), cause);
            return;
        }
        if (failed != null) {
            Envelope copy = new Envelope(failed.message(), failed.sender());
            if (ext().failedEnvelope != null) {
                reportFailedEnvelope("failed again: " + cause);
            }
            ext().failedEnvelope = copy;
        }
        failurePending(true);
        suspend();
        if (parent != null) { // the guardian resumes at once, below
            suspendSubtree();
        }
        LOG.debug("{} failed", self.path(), cause);
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorFailed.class)) {
            events.publish(new ActorFailed(self, cause, failed == null ? null : failed.message()));
        }
        if (events.hasSubscribers(ActorSuspended.class)) {
            events.publish(new ActorSuspended(self, cause));
        }
        if (parent == null) {
            LOG.error("the root guardian of {} failed; resuming it", system.name(), cause);
            resumeAfterFailure();
            return;
        }
        parent.sendSystem(new SystemMessage.Failed((ActorCell) this, cause, ext().generation, during, escalated));
    }

    /** Reports the message the actor failed on, if one is kept; {@code outcome} says what became of the actor. */
    final void reportFailedEnvelope(Object outcome) {
        Extras x = extras();
        Envelope e = x == null ? null : x.failedEnvelope;
        if (x != null) {
            x.failedEnvelope = null;
        }
        if (e != null) {
            system.deadLetter(WithHeaders.unwrap(e.message()), (ActorRef) e.sender(), self, DeadLetter.Reason.FAILED,
                    self.path() + " failed on it, then " + outcome);
        }
    }

    /** The parent's decision has been applied: this cell's own failure no longer holds it. */
    final void resumeAfterFailure() {
        failurePending(false);
        refreshSuspension();
    }

    /** System message {@code Resume}: the parent chose to keep this instance; children that escalated resume too. */
    final void handleResume() {
        if (!failurePending()) {
            return;
        }
        reportFailedEnvelope("was resumed");
        resumeEscalatedChildren();
        resumeAfterFailure();
    }

    /** The children whose failures this cell escalated had their answer with this cell's: they resume. */
    private void resumeEscalatedChildren() {
        List<ActorCell> escalated = ext().escalatedChildren;
        ext().escalatedChildren = null;
        if (escalated != null) {
            for (ActorCell c : escalated) {
                c.sendSystem(new SystemMessage.Resume());
            }
        }
    }

    // ---- lasting suspension

    /**
     * System message {@code Suspend}: the parent's {@code SUSPEND} directive ({@code cause} the failure) or an
     * operator's action ({@code cause} null). The actor keeps its instance and mailbox and processes nothing until
     * reinstated; children that escalated count as answered, and wait with the rest of the subtree.
     */
    final void handleSuspend(Throwable cause) {
        if (isTerminating()) {
            return;
        }
        if (cause != null) {
            if (!failurePending()) {
                return; // a restart already answered this failure
            }
            reportFailedEnvelope("was suspended");
            resumeEscalatedChildren();
            failurePending(false);
        }
        boolean already = lastingSuspension();
        lastingSuspension(true);
        suspendSubtree();
        refreshSuspension();
        if (already) {
            return;
        }
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorSuspended.class)) {
            events.publish(new ActorSuspended(self, cause,
                    cause == null ? ActorSuspended.Reason.OPERATOR : ActorSuspended.Reason.SUPERVISOR));
        }
    }

    /** System message {@code Reinstate}: a lasting suspension ends; queued messages run in order. */
    final void handleReinstate() {
        if (!lastingSuspension() || isTerminating()) {
            return;
        }
        endLastingSuspension();
        refreshSuspension();
    }

    /** Clears the lasting suspension and says so; the caller refreshes the suspension. */
    final void endLastingSuspension() {
        lastingSuspension(false);
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorReinstated.class)) {
            events.publish(new ActorReinstated(self));
        }
    }

    // ---- the subtree

    /** Tells the children to suspend, once for this cell's own failure or lasting suspension. */
    private void suspendSubtree() {
        if (subtreeSuspended()) {
            return;
        }
        subtreeSuspended(true);
        for (ActorCell c : childCells()) {
            c.sendSystem(new SystemMessage.SuspendSubtree());
        }
    }

    /** System message {@code SuspendSubtree}: an ancestor stopped processing; so do this cell and its children. */
    final void onAncestorSuspended() {
        ext().ancestorSuspensions++;
        for (ActorCell c : childCells()) {
            c.sendSystem(new SystemMessage.SuspendSubtree());
        }
        suspend();
    }

    /**
     * System message {@code ResumeSubtree}: one ancestor's suspension ended. Ignored (and not passed on) by a cell
     * that never counted it: one spawned after it began, from a parent that was not itself suspended.
     */
    final void onAncestorResumed() {
        Extras x = extras();
        if (x == null || x.ancestorSuspensions == 0) {
            return;
        }
        x.ancestorSuspensions--;
        for (ActorCell c : childCells()) {
            c.sendSystem(new SystemMessage.ResumeSubtree());
        }
        refreshSuspension();
    }

    /**
     * Sets the mailbox's {@code SUSPENDED} bit from every source (see the class comment), and tells the children to
     * resume once this cell's own failure and lasting suspension have both ended. Owner only.
     */
    final void refreshSuspension() {
        boolean own = failurePending() || lastingSuspension();
        if (!own && subtreeSuspended()) {
            subtreeSuspended(false);
            for (ActorCell c : childCells()) {
                c.sendSystem(new SystemMessage.ResumeSubtree());
            }
        }
        Extras x = extras();
        if (own || (x != null && (x.ancestorSuspensions > 0 || x.afterChildren == AfterChildren.RECREATE))) {
            suspend();
        } else {
            if (isSuspended() && x != null && (x.receiveTimeoutNanos > 0 || passivationIdleNanos() > 0)) {
                // Time spent suspended is not idleness: a passivation or receive-timeout firing that waited in the
                // queue re-arms instead of stopping the actor, or interrupting it, ahead of the messages kept.
                x.lastMessageNanos = system.scheduler().nanoTime();
            }
            resume();
        }
    }

    /**
     * A restart found every child stopped: none is owed the end of this cell's suspension, and a lasting one ends
     * (the fresh instance processes messages). Owner only.
     */
    final void clearSuspensionsForRestart() {
        subtreeSuspended(false);
        if (lastingSuspension()) {
            endLastingSuspension();
        }
    }
}
