package io.goakt.internal.actor;

/**
 * The temporary sender of an ask: a reply told to it completes a caller's stage. {@link PromiseRef} answers one
 * {@code ask}, {@link BatchAsk.ReplyRef} one message of an {@code askAll}. The runtime treats both alike: a message
 * of theirs that becomes a dead letter fails the stage ({@link #fail}), and a failure is better sent to them as
 * {@code Status.Failure} than published as a dead letter.
 *
 * <p>Threading: any thread.
 */
abstract class AskSender extends TransientRef {

    /**
     * Fails the stage this sender completes, unless it has completed already.
     *
     * @return true when this call completed it
     */
    abstract boolean fail(Throwable cause);
}
