package io.goakt.actor;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one actor for operators (Actuator, dashboards, logs). Taken without stopping the actor, so the
 * numbers are each exact at some instant during the snapshot but not all at the same instant.
 *
 * @param ref             the actor's ref
 * @param kind            the class name of its current instance ({@code null} once stopped)
 * @param state           where it is in its life
 * @param mailboxSize     messages waiting in its mailbox
 * @param processedCount  messages it has handled since it was spawned, across restarts; {@link PostStart} is not
 *                        counted
 * @param restartCount    times it has been restarted
 * @param children        paths of its live children
 * @param lastMessageTime when it last finished a batch of messages, or {@code null} if it never handled one
 * @param dispatcher      the name of its dispatcher
 */
public record ActorInfo(ActorRef ref, String kind, State state, int mailboxSize, long processedCount,
                        int restartCount, List<String> children, Instant lastMessageTime, String dispatcher) {

    /** Copies the children list. */
    public ActorInfo {
        children = List.copyOf(children);
    }

    /** The actor's path. */
    public String path() {
        return ref.path();
    }

    /** Where an actor is in its life. */
    public enum State {
        /** Handling messages. */
        RUNNING,
        /**
         * Processing nothing while a supervisor decides on a failure, its own or an ancestor's (a restart backoff
         * included), or while a restart waits for its children to stop; messages queue up.
         */
        AWAITING_SUPERVISOR,
        /**
         * Processing nothing until reinstated ({@link ActorSystem#reinstate}): it, or an ancestor, was suspended by
         * a {@code SUSPEND} directive or by {@link ActorSystem#suspend}; messages queue up.
         */
        SUSPENDED,
        /** Stopping: its children are stopping, then it runs {@code postStop}. */
        STOPPING,
        /** Stopped. */
        STOPPED
    }
}
