package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.eventstream.ActorFailed;
import io.goakt.eventstream.ActorSuspended;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Failure, the child's side: actor code threw, so the cell suspends, keeps the message it failed on, and asks its
 * parent ({@code Failed}); a {@code Resume} from the parent ends the suspension. The parent's side is
 * {@link Supervision}.
 *
 * <h2>Threading</h2>
 * Owner only: {@code failurePending} is an owner-only bit of {@link CellState}'s flags, the failed message and the
 * escalated children live in the owner-only {@link Extras}. The parent answers through system messages.
 */
abstract class FailureHandling extends HealthAndPassivation {

    private static final long serialVersionUID = 1L;
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

    final void resumeAfterFailure() {
        failurePending(false);
        resume();
    }

    /** System message {@code Resume}: the parent chose to keep this instance; children that escalated resume too. */
    final void handleResume() {
        if (!failurePending()) {
            return;
        }
        reportFailedEnvelope("was resumed");
        List<ActorCell> escalated = ext().escalatedChildren;
        ext().escalatedChildren = null;
        resumeAfterFailure();
        if (escalated != null) {
            for (ActorCell c : escalated) {
                c.sendSystem(new SystemMessage.Resume());
            }
        }
    }
}
