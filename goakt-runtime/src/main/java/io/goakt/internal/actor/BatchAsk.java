package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.Status;
import io.goakt.dispatch.Scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reply collector of one {@code askAll} to an actor of this system: each message of the batch goes out with a
 * {@link ReplyRef} of its own (which knows the message's index), so replies land in the order of the messages
 * whatever order they arrive in. The last missing reply completes the stage with all of them; a
 * {@link Status.Failure} reply, a message that became a dead letter, or the one timeout of the batch fails it. Like
 * an ask's {@link PromiseRef}, nothing registers it anywhere: once the stage completes and the timer is cancelled,
 * nothing of the batch is left but what the caller holds.
 *
 * <p>Cost: this object, its reply array, one {@link PromiseRef.AskFuture}, one timer, and a 24-byte ref per message,
 * against a {@code PromiseRef}, a future and a timer per message for as many {@code ask}s.
 *
 * <p>Threading: any thread. A reply claims its slot with a CAS of the array element (so a second reply to the same
 * message is refused) and then counts down {@code missing} with an atomic add; the thread that counts the last one
 * completes the stage, and the future's completion publishes the array to whoever reads the list.
 */
final class BatchAsk {

    private static final VarHandle REPLY = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle MISSING;

    static {
        try {
            MISSING = MethodHandles.lookup().findVarHandle(BatchAsk.class, "missing", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LocalActorSystem system;
    private final Address address;
    private final long uid;
    private final Object[] replies;
    /** Replies still missing. Reached through MISSING only. */
    @SuppressWarnings("unused")
    private int missing;
    final CompletableFuture<List<Object>> future;
    private volatile Scheduler.Cancellable timeout;

    BatchAsk(LocalActorSystem system, Address address, long uid, int size) {
        this.system = system;
        this.address = address;
        this.uid = uid;
        this.replies = new Object[size];
        MISSING.set(this, size); // published with this object by the tells that hand out its refs
        this.future = new PromiseRef.AskFuture<>(system.askSpinGate);
    }

    /** One sender per message: the n-th answers the n-th message. */
    ActorRef[] senders() {
        ActorRef[] refs = new ActorRef[replies.length];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = new ReplyRef(this, i);
        }
        return refs;
    }

    /**
     * Starts the batch's one timer: when it fires with replies missing, the stage fails with an
     * {@link AskTimeoutException} that names the first message still unanswered.
     */
    void armTimeout(Scheduler scheduler, Duration after, ActorRef target, Object[] messages) {
        Scheduler.Cancellable c = scheduler.schedule(after, () -> timedOut(target, messages, after));
        timeout = c;
        if (future.isDone()) {
            c.cancel();
        }
    }

    private void timedOut(ActorRef target, Object[] messages, Duration after) {
        int first = 0;
        while (first < replies.length - 1 && REPLY.getVolatile(replies, first) != null) { // pairs with the CAS in reply
            first++;
        }
        fail(new AskTimeoutException(target, messages[first].getClass().getName() + " (message " + (first + 1)
                + " of a batch of " + messages.length + ")", after));
    }

    /** Fails the stage unless it completed already; true when this call completed it. */
    boolean fail(Throwable cause) {
        cancelTimeout(); // before completing, so whoever sees the result also sees the timer gone
        return future.completeExceptionally(cause);
    }

    private void cancelTimeout() {
        Scheduler.Cancellable c = timeout;
        if (c != null) {
            c.cancel();
        }
    }

    /** A reply to message {@code index}, told to {@code to} by {@code sender}. */
    private void reply(int index, Object message, ActorRef sender, ReplyRef to) {
        if (message instanceof Status.Failure f) {
            if (fail(f.cause())) {
                return;
            }
        } else if (!future.isDone() && REPLY.compareAndSet(replies, index, null, message)) {
            // The CAS stored the reply; the add below is a full fence that orders it before the count.
            if ((int) MISSING.getAndAdd(this, -1) == 1) {
                cancelTimeout();
                future.complete(Collections.unmodifiableList(Arrays.asList(replies)));
            }
            return;
        }
        system.deadLetter(message, sender, to, DeadLetter.Reason.ASK_COMPLETED,
                "reply arrived after the ask had completed or timed out, or answered its message a second time");
    }

    /** The temporary sender of one message of the batch. */
    static final class ReplyRef extends AskSender {

        private final BatchAsk batch;
        private final int index;

        ReplyRef(BatchAsk batch, int index) {
            this.batch = batch;
            this.index = index;
        }

        @Override
        public Address address() {
            return batch.address;
        }

        /** The batch's number and the message's index: distinct for the refs of one batch. */
        @Override
        public long uid() {
            return batch.uid + index;
        }

        @Override
        public void tell(Object message, ActorRef sender) {
            batch.reply(index, message, sender, this);
        }

        @Override
        boolean fail(Throwable cause) {
            return batch.fail(cause);
        }

        @Override
        public CompletionStage<Object> ask(Object message, Duration timeout) {
            return batch.system.ask(this, message, timeout);
        }

        @Override
        protected Duration askTimeout() {
            return batch.system.config().askTimeout();
        }
    }
}
