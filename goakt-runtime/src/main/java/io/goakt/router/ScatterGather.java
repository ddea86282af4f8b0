package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.ReceiveContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scatter-gather-first-completed: asks every routee with the runtime's non-blocking {@code ask} and pipes the first
 * successful reply to the original sender. See {@link RoutingStrategy#scatterGatherFirstCompleted(Duration)} for
 * the contract.
 *
 * <p>Threading: {@link #route} runs on the router's thread and returns at once. The asks complete on other threads
 * (the routees' or the scheduler's); their callbacks touch only the per-message {@link Gather}, which is
 * thread-safe, never the router's state. The outcome reaches the sender through {@code pipeTo}.
 */
final class ScatterGather implements RoutingLogic {

    private final Duration within;

    ScatterGather(Duration within) {
        this.within = within;
    }

    @Override
    public void routeesChanged(List<ActorRef> routees) {
    }

    @Override
    public void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees) {
        Gather gather = new Gather(routees.size(), ctx.self(), message, within);
        for (ActorRef r : routees) {
            ctx.ask(r, message, within).whenComplete(gather::onOutcome);
        }
        if (sender != null) {
            ctx.pipeTo(gather.first, sender);
        }
    }

    /** The outcome of one scattered message: the first success, or a failure once every routee has failed. */
    private static final class Gather {
        final CompletableFuture<Object> first = new CompletableFuture<>();
        private final AtomicInteger failuresLeft;
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private volatile boolean timedOut;
        private final ActorRef router;
        private final Object message;
        private final Duration within;

        Gather(int routees, ActorRef router, Object message, Duration within) {
            this.failuresLeft = new AtomicInteger(routees);
            this.router = router;
            this.message = message;
            this.within = within;
        }

        void onOutcome(Object reply, Throwable error) {
            if (error == null) {
                first.complete(reply); // a later success finds it done and is ignored
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof AskTimeoutException) {
                timedOut = true; // volatile write before the decrement; read after it by the last failure
            } else {
                firstFailure.compareAndSet(null, cause);
            }
            if (failuresLeft.decrementAndGet() == 0) {
                first.completeExceptionally(timedOut || firstFailure.get() == null
                        ? new AskTimeoutException(router, message.getClass().getName(), within)
                        : firstFailure.get());
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
