package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.ReceiveContext;
import io.goakt.dispatch.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tail-chopping: asks one routee, and every {@code interval} without a successful reply asks the next one as well,
 * until one replies successfully, every routee has failed, or {@code within} runs out. See
 * {@link RoutingStrategy#tailChopping(Duration, Duration)} for the contract.
 *
 * <p><b>Order.</b> The first routee asked is chosen round-robin over messages (so the load of the common case, where
 * the first routee answers, spreads like round-robin), then the following routees in list order, wrapping. A
 * deterministic order also makes the strategy testable without a seeded random source.
 *
 * <p><b>Threading.</b> {@link #route} runs on the router's thread, sends the first ask and arms two timers on the
 * system's {@link Scheduler}: the overall deadline and the next send. Later sends happen on the scheduler's thread
 * (the interval ran out) or on the thread that completed an ask (a routee failed); they touch only the per-message
 * {@link Chop}, never the router's state, and use {@link ActorRef#ask}, which any thread may call. Who sends the
 * routee after routee {@code i} is decided by one CAS on {@link Chop#sent} from {@code i + 1} to {@code i + 2}, so
 * the interval timer of routee {@code i} and the failure of routee {@code i} never both send it.
 */
final class TailChopping implements RoutingLogic {

    private final Duration within;
    private final Duration interval;
    /** The routee asked first for the next message; router thread only. */
    private int start;

    TailChopping(Duration within, Duration interval) {
        this.within = within;
        this.interval = interval;
    }

    @Override
    public void routeesChanged(List<ActorRef> routees) {
    }

    @Override
    public void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees) {
        int first = start < routees.size() ? start : 0;
        start = first + 1;
        Chop chop = new Chop(ctx.system().scheduler(), routees, first, ctx.self(), message, within, interval);
        if (sender != null) {
            ctx.pipeTo(chop.outcome, sender);
        }
        chop.begin();
    }

    /** One chopped message: which routees were asked, how many failed, and the outcome the sender gets. */
    private static final class Chop {
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        private final Scheduler scheduler;
        private final List<ActorRef> routees;
        private final int first;
        private final ActorRef router;
        private final Object message;
        private final Duration within;
        private final Duration interval;
        private final long deadlineNanos;
        /** How many routees were asked; only ever grows by one, through {@link #sendAfter}'s CAS. */
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private volatile Scheduler.Cancellable deadline;
        private volatile Scheduler.Cancellable nextSend;

        Chop(Scheduler scheduler, List<ActorRef> routees, int first, ActorRef router, Object message,
             Duration within, Duration interval) {
            this.scheduler = scheduler;
            this.routees = routees;
            this.first = first;
            this.router = router;
            this.message = message;
            this.within = within;
            this.interval = interval;
            this.deadlineNanos = scheduler.nanoTime() + within.toNanos();
        }

        void begin() {
            deadline = scheduler.schedule(within, () -> outcome.completeExceptionally(
                    new AskTimeoutException(router, message.getClass().getName(), within)));
            outcome.whenComplete((v, e) -> cancelTimers());
            sent.set(1);
            send(0);
        }

        /** Asks the routee after the {@code asked}-th one, unless someone else already did or it is all over. */
        private void sendAfter(int asked) {
            if (asked < routees.size() && !outcome.isDone() && sent.compareAndSet(asked, asked + 1)) {
                send(asked);
            }
        }

        /** Asks the {@code n}-th routee of this message's order (0-based) and arms the interval for the next. */
        private void send(int n) {
            long remaining = deadlineNanos - scheduler.nanoTime();
            if (remaining <= 0) {
                return; // the deadline timer completes the outcome
            }
            ActorRef routee = routees.get((first + n) % routees.size());
            int asked = n + 1;
            if (asked < routees.size()) {
                Scheduler.Cancellable timer = scheduler.schedule(interval, () -> sendAfter(asked));
                Scheduler.Cancellable previous = nextSend;
                nextSend = timer;
                if (previous != null) {
                    previous.cancel();
                }
                if (outcome.isDone()) {
                    timer.cancel(); // completed while arming: cancelTimers may have read the previous timer
                }
            }
            CompletableFuture<Object> reply;
            try {
                reply = routee.ask(message, Duration.ofNanos(remaining)).toCompletableFuture();
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e); // not sent (a full bounded mailbox): a failed routee
            }
            reply.whenComplete((value, error) -> onReply(asked, value, error));
        }

        private void onReply(int asked, Object value, Throwable error) {
            if (error == null) {
                outcome.complete(value); // a later success finds it done and is dropped
                return;
            }
            Throwable cause = unwrap(error);
            if (!(cause instanceof AskTimeoutException)) {
                firstFailure.compareAndSet(null, cause);
            }
            if (failures.incrementAndGet() == routees.size()) {
                Throwable f = firstFailure.get();
                outcome.completeExceptionally(f != null ? f
                        : new AskTimeoutException(router, message.getClass().getName(), within));
                return;
            }
            sendAfter(asked); // a failed routee is not waited for
        }

        private void cancelTimers() {
            Scheduler.Cancellable d = deadline;
            if (d != null) {
                d.cancel();
            }
            Scheduler.Cancellable n = nextSend;
            if (n != null) {
                n.cancel();
            }
        }

        private static Throwable unwrap(Throwable t) {
            while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }
    }
}
