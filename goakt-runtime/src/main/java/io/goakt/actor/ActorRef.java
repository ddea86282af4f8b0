package io.goakt.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

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
     * Sends every message of {@code messages}, in their order, as one batch: the actor receives each message by
     * itself, as if told one after the other by {@code sender}, and the batch keeps its order. To an actor in this
     * JVM with the default mailbox the whole batch is queued in one atomic operation and the actor is scheduled at
     * most once, which is what makes a batch cheaper than as many {@code tell}s. Other mailbox kinds are offered the
     * messages one by one, and a ref to an actor on another node sends them one by one over its connection, in
     * order. Only the order is promised: messages of other senders may be handled between two messages of a batch,
     * as between two {@code tell}s.
     *
     * <p>A message that reaches a stopped actor, or is still queued when the actor stops (say, the batch holds a
     * {@link PoisonPill}), becomes a {@link DeadLetter} as a single message would.
     *
     * <p>A bounded mailbox checks its capacity message by message: the messages that fit are queued, and the first
     * one that does not fit and every one after it are not (so the actor always gets a prefix of the batch, in
     * order). Those become {@link DeadLetter}s with reason {@link DeadLetter.Reason#MAILBOX_FULL}, which say which
     * messages were cut, and this method then throws.
     *
     * @param messages the messages, none null; an empty list sends nothing
     * @param sender   the ref replies go to, or {@code null} when sent from outside any actor
     * @throws MailboxFullException when a bounded mailbox refused part of the batch (reported as dead letters)
     * @throws NullPointerException if {@code messages} or one of them is null; then nothing was sent
     */
    public void tellAll(List<?> messages, ActorRef sender) {
        for (Object m : checkedBatch(messages)) {
            tell(m, sender);
        }
    }

    /** {@link #tellAll(List, ActorRef)} with no sender. */
    public final void tellAll(List<?> messages) {
        tellAll(messages, null);
    }

    /**
     * Sends every message of {@code messages} as {@link #tellAll(List, ActorRef)} does, each with a sender of its
     * own, and returns all the replies in the order of the messages: the n-th element answers the n-th message,
     * whatever order the replies arrive in. One {@code timeout} covers the whole batch: the stage fails with
     * {@link AskTimeoutException} when a reply is still missing then. A {@link Status.Failure} reply fails the stage
     * with its cause at once, and a message that becomes a dead letter (the actor stopped) fails it with
     * {@link ActorNotAliveException}, as for {@link #ask(Object, Duration)}. A reply arriving after the stage
     * completed becomes a dead letter with reason {@link DeadLetter.Reason#ASK_COMPLETED}; nothing is left
     * registered once the stage completes. An empty list completes at once with an empty list.
     *
     * <p>For an actor in this JVM the batch costs one reply collector, one timer and a small sender ref per message.
     * A ref to an actor on another node asks message by message, each ask with {@code timeout}, so one deadline
     * still bounds the whole batch.
     *
     * <p>Never block an actor's thread on the returned stage; inside an actor use {@link Context#pipeTo}.
     *
     * @throws MailboxFullException when a bounded mailbox refused part of the batch; the stage fails with it too
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code messages} or one of them is null; then nothing was sent
     */
    public CompletionStage<List<Object>> askAll(List<?> messages, Duration timeout) {
        Object[] batch = checkedBatch(messages);
        Objects.requireNonNull(timeout, "timeout");
        if (batch.length == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        Object[] replies = new Object[batch.length];
        AtomicInteger missing = new AtomicInteger(batch.length);
        CompletableFuture<List<Object>> all = new CompletableFuture<>();
        List<CompletableFuture<Object>> asks = new ArrayList<>(batch.length);
        for (Object m : batch) {
            asks.add(ask(m, timeout).toCompletableFuture());
        }
        for (int i = 0; i < batch.length; i++) {
            int index = i;
            asks.get(i).whenComplete((reply, error) -> {
                if (error != null) {
                    all.completeExceptionally(error instanceof CompletionException
                            && error.getCause() != null ? error.getCause() : error);
                } else {
                    replies[index] = reply;
                    if (missing.decrementAndGet() == 0) {
                        all.complete(Collections.unmodifiableList(Arrays.asList(replies)));
                    }
                }
            });
        }
        return all;
    }

    /**
     * {@link #askAll(List, Duration)} with the default ask timeout of the actor system this ref was obtained from,
     * as {@link #ask(Object)} describes.
     */
    public final CompletionStage<List<Object>> askAll(List<?> messages) {
        return askAll(messages, askTimeout());
    }

    /**
     * The messages of a batch as an array of their own, each checked not null, so that a batch is checked whole
     * before any of it is sent. For the runtime's ref kinds.
     */
    protected static Object[] checkedBatch(List<?> messages) {
        Objects.requireNonNull(messages, "messages");
        Object[] batch = messages.toArray();
        for (int i = 0; i < batch.length; i++) {
            if (batch[i] == null) {
                throw new NullPointerException("message " + i + " of the batch is null");
            }
        }
        return batch;
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
