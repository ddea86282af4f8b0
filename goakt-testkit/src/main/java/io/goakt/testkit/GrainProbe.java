package io.goakt.testkit;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainActivated;
import io.goakt.grain.GrainDeactivated;
import io.goakt.grain.GrainEvent;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to grains for a test: sends them messages with itself as the sender, so their replies arrive here and can be
 * expected in order, asks them, and watches their activations and deactivations on the event stream. A failed
 * expectation throws {@link AssertionError} with what was expected, what came, and how long it waited.
 *
 * <pre>{@code
 * try (TestKit kit = new TestKit()) {
 *     Grains.of(kit.system()).register("counter", Counter::new);
 *     GrainProbe probe = kit.grainProbe();
 *     GrainRef counter = Grains.of(kit.system()).ref("counter", "c1");
 *     probe.send(counter, new Increment());
 *     probe.expectResponse(1);
 *     probe.expectActivated(counter.identity());
 * }
 * }</pre>
 *
 * <p>It is built from two {@link Probe}s: one is the sender of what it sends and receives the replies, the other is
 * subscribed to {@link GrainEvent}s from the moment the grain probe is made (make it before the grains it should
 * see activate).
 *
 * <p>Threading: like a {@link Probe}, its methods are for the test thread.
 */
public final class GrainProbe {

    private final Probe replies;
    private final Probe events;
    private final Duration timeout;

    GrainProbe(ActorSystem system, String name, Duration timeout) {
        this.timeout = timeout;
        this.replies = new Probe(system, name, timeout);
        this.events = new Probe(system, name + "-events", timeout);
        system.eventStream().subscribe(GrainEvent.class, events.ref());
    }

    /** The ref grains see as the sender of what this probe sends; their replies go to it. */
    public ActorRef ref() {
        return replies.ref();
    }

    /** Tells {@code message} to {@code grain} with this probe as the sender, so its reply can be expected here. */
    public void send(GrainRef grain, Object message) {
        Objects.requireNonNull(grain, "grain");
        grain.tell(message, replies.ref());
    }

    /** Asks {@code grain} and returns its reply, waiting up to the default timeout. */
    public Object ask(GrainRef grain, Object message) {
        return ask(grain, message, timeout);
    }

    /** Asks {@code grain} and returns its reply, waiting up to {@code max}. */
    public Object ask(GrainRef grain, Object message, Duration max) {
        Objects.requireNonNull(grain, "grain");
        CompletableFuture<Object> reply = grain.ask(message, max).toCompletableFuture();
        try {
            return reply.get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("ask of " + describe(message) + " to " + grain + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no reply from " + grain + " to " + describe(message) + " within " + max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while asking " + grain, e);
        }
    }

    /** Asks {@code grain} and returns its reply, which must be a {@code type}. */
    public <T> T ask(GrainRef grain, Object message, Class<T> type) {
        Objects.requireNonNull(type, "type");
        Object reply = ask(grain, message, timeout);
        if (!type.isInstance(reply)) {
            throw new AssertionError("expected a " + type.getName() + " from " + grain + ", but got "
                    + describe(reply));
        }
        return type.cast(reply);
    }

    /**
     * Asks {@code grain} and expects the ask to fail (the grain threw, or could not be activated); returns the cause.
     */
    public Throwable expectAskFailure(GrainRef grain, Object message) {
        Objects.requireNonNull(grain, "grain");
        CompletableFuture<Object> reply = grain.ask(message, timeout).toCompletableFuture();
        try {
            Object value = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionError("expected the ask of " + describe(message) + " to " + grain
                    + " to fail, but it answered " + describe(value));
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("expected the ask of " + describe(message) + " to " + grain
                    + " to fail within " + timeout + ", but it is still waiting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while asking " + grain, e);
        }
    }

    /** Expects the next reply to what this probe sent to equal {@code expected}; returns it. */
    public Object expectResponse(Object expected) {
        return replies.expectMessage(expected);
    }

    /** Expects the next reply, within {@code max}, to equal {@code expected}; returns it. */
    public Object expectResponse(Duration max, Object expected) {
        return replies.expectMessage(max, expected);
    }

    /** Expects the next reply to be a {@code type}; returns it cast. */
    public <T> T expectResponseOfType(Class<T> type) {
        return replies.expectMessageOfType(type);
    }

    /** Expects the next reply, within {@code max}, to be a {@code type}; returns it cast. */
    public <T> T expectResponseOfType(Duration max, Class<T> type) {
        return replies.expectMessageOfType(max, type);
    }

    /** Expects no reply for {@code duration}; waits the whole duration, so keep it short. */
    public void expectNoResponse(Duration duration) {
        replies.expectNoMessage(duration);
    }

    /**
     * Expects {@code identity} to be activated (a {@link GrainActivated}) within the default timeout. Events about
     * other grains, and other events about this one, stay for later expectations.
     */
    public GrainActivated expectActivated(GrainIdentity identity) {
        return expectActivated(timeout, identity);
    }

    /** Expects {@code identity} to be activated within {@code max}. */
    public GrainActivated expectActivated(Duration max, GrainIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        return (GrainActivated) events.fish(max,
                m -> m instanceof GrainActivated a && a.identity().equals(identity),
                "GrainActivated of " + identity).message();
    }

    /**
     * Expects an activation of {@code identity} to end (a {@link GrainDeactivated}, returned so its reason can be
     * checked) within the default timeout. Events about other grains stay for later expectations.
     */
    public GrainDeactivated expectDeactivated(GrainIdentity identity) {
        return expectDeactivated(timeout, identity);
    }

    /** Expects an activation of {@code identity} to end within {@code max}. */
    public GrainDeactivated expectDeactivated(Duration max, GrainIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        return (GrainDeactivated) events.fish(max,
                m -> m instanceof GrainDeactivated d && d.identity().equals(identity),
                "GrainDeactivated of " + identity).message();
    }

    private static String describe(Object o) {
        return o == null ? "null" : o + " (" + o.getClass().getName() + ")";
    }

    @Override
    public String toString() {
        return "GrainProbe[" + replies.ref().path() + "]";
    }
}
