package io.goakt.actor;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * An immutable handle to an actor, the only way to reach one. Refs are cheap to copy and safe to share between
 * threads; two refs are equal when they name the same {@link Address} and the same incarnation ({@link #uid()}),
 * so a ref to a stopped actor never reaches a new actor spawned under the same name.
 *
 * <p>Threading: every method may be called by any thread.
 *
 * <p>The runtime provides the implementations; applications do not extend this class.
 */
public abstract class ActorRef implements Comparable<ActorRef> {

    /** For the runtime's implementations only. */
    protected ActorRef() {
    }

    /** Where the actor lives. */
    public abstract Address address();

    /** The incarnation: a number that differs between two actors ever spawned under the same path. */
    public abstract long uid();

    /** The actor's path, for example {@code /user/orders}. */
    public String path() {
        return address().path();
    }

    /** The actor's name: the last segment of its path. */
    public String name() {
        return address().name();
    }

    /**
     * Sends {@code message} without waiting. Messages from one sender to one receiver arrive in send order. A
     * message to a stopped actor becomes a {@link DeadLetter}.
     *
     * @throws MailboxFullException when the receiver has a bounded mailbox that is full; the message was not sent
     *
     * @param sender the ref replies go to, or {@code null} when sent from outside any actor
     */
    public abstract void tell(Object message, ActorRef sender);

    /**
     * Sends {@code message}, waiting up to {@code waitForRoom} when the receiver's mailbox is bounded and full.
     * Refs to actors with unbounded mailboxes, and refs to other nodes, never wait.
     *
     * @throws MailboxFullException when there is still no room after the wait; the message was not sent
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void tell(Object message, ActorRef sender, Duration waitForRoom) throws InterruptedException {
        tell(message, sender);
    }

    /** Sends {@code message} with no sender. */
    public final void tell(Object message) {
        tell(message, null);
    }

    /**
     * Sends {@code message} and returns the reply. The stage fails with {@link AskTimeoutException} when no reply
     * arrives within {@code timeout}, with {@link ActorNotAliveException} when the actor is gone, and with the
     * cause when the actor replies {@link Status.Failure}. Nothing is left registered once the stage completes.
     *
     * <p>Never block an actor's thread on the returned stage; inside an actor use {@link Context#pipeTo}.
     */
    public abstract CompletionStage<Object> ask(Object message, Duration timeout);

    /**
     * Like {@link #ask(Object, Duration)}, with the reply checked to be a {@code replyType}; another reply type
     * fails the stage with {@link ClassCastException}.
     */
    public final <R> CompletionStage<R> ask(Object message, Class<R> replyType, Duration timeout) {
        return ask(message, timeout).thenApply(replyType::cast);
    }

    /**
     * Like {@link #ask(Object, Duration)} with the default ask timeout of the actor system this ref was obtained
     * from ({@link ActorSystemConfig#askTimeout()}, {@code goakt.system.ask-timeout} under Spring Boot): the system
     * that spawned or looked up the actor, or, for a ref to an actor on another node, the local system that
     * received or resolved the ref. The stage fails with an {@link AskTimeoutException} whose
     * {@link AskTimeoutException#timeout()} is that default.
     */
    public final CompletionStage<Object> ask(Object message) {
        return ask(message, askTimeout());
    }

    /**
     * Like {@link #ask(Object, Class, Duration)} with the default ask timeout of the actor system this ref was
     * obtained from, as {@link #ask(Object)} describes.
     */
    public final <R> CompletionStage<R> ask(Object message, Class<R> replyType) {
        return ask(message, replyType, askTimeout());
    }

    /**
     * The timeout {@link #ask(Object)} and {@link #ask(Object, Class)} wait: the {@link ActorSystemConfig#askTimeout()}
     * of the local actor system this ref belongs to. Every ref the runtime hands out belongs to one; a ref kind
     * implemented outside the runtime (a test double) says which timeout it means.
     */
    protected abstract Duration askTimeout();

    /** Sends {@code message} to this actor keeping the sender of the message {@code ctx} is handling. */
    public final void forward(Object message, ReceiveContext ctx) {
        tell(message, ctx.sender());
    }

    @Override
    public final boolean equals(Object o) {
        return o == this || (o instanceof ActorRef other && uid() == other.uid() && path().equals(other.path())
                && address().equals(other.address()));
    }

    /** From the incarnation number alone: cheap, and equal refs always share it. */
    @Override
    public final int hashCode() {
        return Long.hashCode(uid());
    }

    @Override
    public final int compareTo(ActorRef o) {
        int c = address().compareTo(o.address());
        return c != 0 ? c : Long.compare(uid(), o.uid());
    }

    @Override
    public String toString() {
        return "ActorRef[" + address() + "#" + Long.toUnsignedString(uid(), 36) + "]";
    }
}
