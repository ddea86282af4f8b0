package io.goakt.actor;

/**
 * Continues a {@link ReceiveContext#request} when its reply (or failure) arrives. Runs on the actor's own thread,
 * like {@code receive}, so it may read and change the actor's state. During the call {@code ctx.message()} is the
 * reply (or {@code null} on failure) and {@code ctx.sender()} the ref that was asked.
 */
@FunctionalInterface
public interface RequestCallback {

    /**
     * Handles the outcome: exactly one of {@code reply} and {@code error} is non-null. {@code error} is an
     * {@link AskTimeoutException}, an {@link ActorNotAliveException}, or the cause of a {@link Status.Failure} reply.
     */
    void onReply(ReceiveContext ctx, Object reply, Throwable error) throws Exception;
}
