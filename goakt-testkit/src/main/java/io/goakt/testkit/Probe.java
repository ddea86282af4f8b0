package io.goakt.testkit;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An actor whose inbox a test reads: send it messages (or pass {@link #ref()} as a sender), then assert on what it
 * received, in order. A failed expectation throws {@link AssertionError} with what was expected, what came, and
 * how long it waited.
 *
 * <p>Threading: the probe's actor records messages on its own thread; the {@code expect...}, {@code send},
 * {@code reply} and {@code watch} methods are for the test thread.
 */
public final class Probe {

    /** What the probe received: a message and its sender ({@code null} when sent without one). */
    public record Received(Object message, ActorRef sender) {
    }

    private record WatchCommand(ActorRef target, CompletableFuture<Void> done) {
    }

    private record UnwatchCommand(ActorRef target, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    /** Messages a {@link #fish} passed over, in arrival order, ahead of the inbox; test thread only. */
    private final ArrayDeque<Received> passedOver = new ArrayDeque<>();
    private final ActorRef ref;
    private final Duration timeout;
    private volatile ActorRef lastSender;

    Probe(ActorSystem system, String name, Duration timeout) {
        this.timeout = timeout;
        this.ref = system.spawnFromFunction(name, this::onMessage);
    }

    private void onMessage(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m == PostStart.INSTANCE) {
            return;
        }
        if (m instanceof WatchCommand w) {
            ctx.watch(w.target());
            w.done().complete(null);
        } else if (m instanceof UnwatchCommand u) {
            ctx.unwatch(u.target());
            u.done().complete(null);
        } else {
            inbox.add(new Received(m, ctx.sender()));
        }
    }

    /** The probe's ref: send to it, or use it as the sender of messages whose replies the test wants to see. */
    public ActorRef ref() {
        return ref;
    }

    /** Sends {@code message} to {@code target} with this probe as the sender. */
    public void send(ActorRef target, Object message) {
        target.tell(message, ref);
    }

    /** Replies {@code message} to the sender of the last message received, with this probe as the sender. */
    public void reply(Object message) {
        ActorRef to = lastSender;
        if (to == null) {
            throw new AssertionError("reply(" + message + "): the last message received had no sender");
        }
        to.tell(message, ref);
    }

    /** The sender of the last message an expectation returned, or {@code null}. */
    public ActorRef lastSender() {
        return lastSender;
    }

    /** Watches {@code target}, so {@link #expectTerminated} can see it stop. Returns once the watch is in place. */
    public void watch(ActorRef target) {
        Objects.requireNonNull(target, "target");
        CompletableFuture<Void> done = new CompletableFuture<>();
        ref.tell(new WatchCommand(target, done));
        await(done, "watch " + target);
    }

    /** Stops watching {@code target}. */
    public void unwatch(ActorRef target) {
        Objects.requireNonNull(target, "target");
        CompletableFuture<Void> done = new CompletableFuture<>();
        ref.tell(new UnwatchCommand(target, done));
        await(done, "unwatch " + target);
    }

    private void await(CompletableFuture<Void> done, String what) {
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("probe " + ref.path() + " could not " + what + " within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + what, e);
        }
    }

    /** The next message and its sender, waiting up to the default timeout. */
    public Received receive() {
        return receive(timeout);
    }

    /** The next message and its sender, waiting up to {@code max}. */
    public Received receive(Duration max) {
        Received r = poll(max);
        if (r == null) {
            throw new AssertionError("probe " + ref.path() + " received no message within " + max);
        }
        lastSender = r.sender();
        return r;
    }

    /** Expects the next message to equal {@code expected}; returns it. */
    public Object expectMessage(Object expected) {
        return expectMessage(timeout, expected);
    }

    /** Expects the next message, within {@code max}, to equal {@code expected}; returns it. */
    public Object expectMessage(Duration max, Object expected) {
        Received r = poll(max);
        if (r == null) {
            throw new AssertionError("expected " + describe(expected) + " at " + ref.path() + " within " + max
                    + ", but no message came");
        }
        lastSender = r.sender();
        if (!Objects.equals(expected, r.message())) {
            throw new AssertionError("expected " + describe(expected) + " at " + ref.path() + ", but got "
                    + describe(r.message()));
        }
        return r.message();
    }

    /** Expects the next message to be a {@code type}; returns it cast. */
    public <T> T expectMessageOfType(Class<T> type) {
        return expectMessageOfType(timeout, type);
    }

    /** Expects the next message, within {@code max}, to be a {@code type}; returns it cast. */
    public <T> T expectMessageOfType(Duration max, Class<T> type) {
        Objects.requireNonNull(type, "type");
        Received r = poll(max);
        if (r == null) {
            throw new AssertionError("expected a " + type.getName() + " at " + ref.path() + " within " + max
                    + ", but no message came");
        }
        lastSender = r.sender();
        if (!type.isInstance(r.message())) {
            throw new AssertionError("expected a " + type.getName() + " at " + ref.path() + ", but got "
                    + describe(r.message()));
        }
        return type.cast(r.message());
    }

    /**
     * Expects that no message arrives for {@code duration}. This waits the whole duration, so keep it short; it is
     * the one expectation that cannot finish early.
     */
    public void expectNoMessage(Duration duration) {
        Received r = poll(duration);
        if (r != null) {
            throw new AssertionError("expected no message at " + ref.path() + " for " + duration + ", but got "
                    + describe(r.message()));
        }
    }

    /** Expects {@code target} (watched with {@link #watch}) to stop; returns the {@link Terminated}. */
    public Terminated expectTerminated(ActorRef target) {
        return expectTerminated(timeout, target);
    }

    /** Expects {@code target} (watched with {@link #watch}) to stop within {@code max}. */
    public Terminated expectTerminated(Duration max, ActorRef target) {
        Terminated t = expectMessageOfType(max, Terminated.class);
        if (!t.actor().equals(target)) {
            throw new AssertionError("expected Terminated of " + target + ", but got Terminated of " + t.actor());
        }
        return t;
    }

    /**
     * The first message within {@code max} that {@code matches}; messages before it that do not match stay for later
     * expectations, in their order. For helpers that wait for one kind of message among others (grain lifecycle
     * events, say).
     *
     * @param what describes the wanted message in the failure's text
     * @throws AssertionError naming the messages that came instead when none matched in time
     */
    Received fish(Duration max, Predicate<Object> matches, String what) {
        Objects.requireNonNull(matches, "matches");
        long deadline = System.nanoTime() + max.toNanos();
        List<Received> skipped = new ArrayList<>();
        try {
            for (;;) {
                Received r = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (r == null) {
                    List<Object> seen = new ArrayList<>();
                    for (Received s : skipped) {
                        seen.add(s.message());
                    }
                    throw new AssertionError("expected " + what + " at " + ref.path() + " within " + max
                            + (seen.isEmpty() ? ", but no message came" : ", but got only " + seen));
                }
                if (matches.test(r.message())) {
                    lastSender = r.sender();
                    return r;
                }
                skipped.add(r);
            }
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                passedOver.addFirst(skipped.get(i));
            }
        }
    }

    private Received poll(Duration max) {
        Received earlier = passedOver.pollFirst();
        if (earlier != null) {
            return earlier;
        }
        try {
            return inbox.poll(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting at " + ref.path(), e);
        }
    }

    private static String describe(Object o) {
        return o == null ? "null" : o + " (" + o.getClass().getName() + ")";
    }

    @Override
    public String toString() {
        return "Probe[" + ref.path() + "]";
    }
}
