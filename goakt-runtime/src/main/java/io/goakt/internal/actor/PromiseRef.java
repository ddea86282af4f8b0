package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.Status;
import io.goakt.dispatch.HeldTurns;
import io.goakt.dispatch.Scheduler;
import io.goakt.internal.dispatch.SpinGate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The temporary sender of one {@code ask}: the first message told to it completes the future (a
 * {@link Status.Failure} fails it), and the timeout fails it with {@code AskTimeoutException}. Nothing registers
 * it anywhere, so once the future completes and the timer is cancelled nothing of the ask is left.
 *
 * <p>Threading: any thread; completion is decided by the future's own CAS.
 */
final class PromiseRef extends AskSender {

    private final LocalActorSystem system;
    private final Address address;
    private final long uid;
    final CompletableFuture<Object> future;
    private volatile Scheduler.Cancellable timeout;

    PromiseRef(LocalActorSystem system, Address address, long uid) {
        this.system = system;
        this.address = address;
        this.uid = uid;
        this.future = new AskFuture<>(system.askSpinGate);
    }

    void armTimeout(Scheduler scheduler, Duration after, Runnable onTimeout) {
        Scheduler.Cancellable c = scheduler.schedule(after, onTimeout);
        timeout = c;
        if (future.isDone()) {
            c.cancel();
        }
    }

    @Override
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

    @Override
    public Address address() {
        return address;
    }

    @Override
    public long uid() {
        return uid;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        cancelTimeout(); // before completing, so whoever sees the result also sees the timer gone
        boolean completed = message instanceof Status.Failure f
                ? future.completeExceptionally(f.cause())
                : future.complete(message);
        if (!completed) {
            system.deadLetter(message, sender, this, DeadLetter.Reason.ASK_COMPLETED,
                    "reply arrived after the ask had completed or timed out");
        }
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return system.ask(this, message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return system.config().askTimeout();
    }

    /**
     * The future an ask returns. Blocking on it (or on a stage derived from it) from a dispatcher thread first hands
     * the turns that thread holds back to its dispatcher ({@link HeldTurns}): the actor being waited for may be one of
     * them.
     */
    static final class AskFuture<T> extends CompletableFuture<T> {

        /** Longest a thread blocking on an ask spins for the reply before it parks. */
        static final long SPIN_NANOS = 50_000;

        private final SpinGate spinGate;

        AskFuture(SpinGate spinGate) {
            this.spinGate = spinGate;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new AskFuture<>(spinGate);
        }

        /**
         * Before blocking: hands the thread's held turns to its dispatcher (the actor being waited for may be one of
         * them), then spins briefly, since a local reply usually comes back within microseconds and parking would
         * add a wake-up to every ask.
         */
        private void beforeBlocking() {
            if (Thread.currentThread() instanceof HeldTurns held) {
                held.releaseHeldTurns();
            }
            spinForReply();
        }

        /**
         * Spins until the reply arrived, for up to the gate's time ({@link #SPIN_NANOS} unless spinning is reduced),
         * if the gate lets this thread spin. The gate hears how each spin ended: replies that keep coming too late
         * for the spin close it for a while, and so does a spinner taken off its CPU (see {@link SpinGate}); this is
         * the ask spin's back-off, shared by every thread that asks through this actor system.
         */
        private void spinForReply() {
            SpinGate gate = spinGate;
            if (!gate.tryEnter()) {
                return;
            }
            try {
                long start = 0;
                long last = 0;
                for (int poll = 0; ; poll++) {
                    if (isDone()) {
                        if (poll != 0) {
                            gate.hit(); // a reply there at the first look needed no spin, and says nothing of spinning
                        }
                        return;
                    }
                    if (SpinGate.clockDue(poll)) {
                        long now = gate.now();
                        if (poll == 0) {
                            start = now;
                        } else if (gate.offCpu(last, now)) {
                            return;
                        } else if (now - start > gate.spinNanos()) {
                            gate.miss(now);
                            return;
                        }
                        last = now;
                    }
                    Thread.onSpinWait();
                }
            } finally {
                gate.exit();
            }
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            beforeBlocking();
            return super.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            beforeBlocking();
            return super.get(timeout, unit);
        }

        @Override
        public T join() {
            beforeBlocking();
            return super.join();
        }
    }
}
