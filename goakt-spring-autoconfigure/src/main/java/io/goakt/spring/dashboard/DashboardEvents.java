package io.goakt.spring.dashboard;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.EventStream;
import io.goakt.eventstream.ActorFailed;
import io.goakt.eventstream.ActorPassivated;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorStarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.eventstream.ActorSuspended;
import io.goakt.eventstream.ActorUnhealthy;
import io.goakt.eventstream.LifecycleEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard learns from the system's event stream, since {@code ActorInfo} does not carry it: each live
 * actor's last failure, the latest dead letters, and the tail of lifecycle events. Every store is bounded: at most
 * {@link #MAX_FAILURES} last failures (the oldest entry goes first; an actor's entry goes when it stops), and rings
 * of {@link #TAIL} events and {@link #DEAD_LETTERS} dead letters.
 *
 * <p>Threading: the callbacks run on the publishing threads (actor threads, for lifecycle events), so each takes one
 * short lock and copies a few fields; {@link #failures()} and the tails are read by the dashboard's ticker.
 * Subscribing makes the runtime build lifecycle and dead-letter events, which it skips when nobody listens; those
 * paths are the rare ones (spawn, stop, failure, dead letter), never the delivery of a handled message.
 */
final class DashboardEvents implements AutoCloseable {

    static final int MAX_FAILURES = 10_000;
    static final int TAIL = 100;
    static final int DEAD_LETTERS = 20;

    /** One failure: when, what was thrown, and the type of the message being handled (null outside a message). */
    record Failure(Instant time, String exception, String detail, String messageType) {
    }

    /** One line of the event tail. */
    record Event(Instant time, String type, String path, String detail) {
    }

    /** One dead letter: why, to whom, of which message type. */
    record DeadLetterLine(Instant time, String reason, String receiver, String messageType) {
    }

    private final Map<String, Failure> failures = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > MAX_FAILURES;
        }
    };
    private final ArrayDeque<Event> tail = new ArrayDeque<>();
    private final ArrayDeque<DeadLetterLine> deadLetters = new ArrayDeque<>();
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();

    DashboardEvents(ActorSystem system) {
        EventStream stream = system.eventStream();
        subscriptions.add(stream.subscribe(LifecycleEvent.class, this::lifecycle));
        subscriptions.add(stream.subscribe(DeadLetter.class, this::deadLetter));
    }

    void lifecycle(LifecycleEvent e) {
        Instant now = Instant.now();
        String path = e.actor().path();
        String type;
        String detail = null;
        if (e instanceof ActorFailed f) {
            type = "failed";
            Throwable cause = f.cause();
            detail = describe(cause);
            Failure failure = new Failure(now, cause == null ? null : cause.getClass().getName(),
                    cause == null ? null : cause.getMessage(),
                    f.message() == null ? null : f.message().getClass().getName());
            synchronized (failures) {
                failures.remove(path);
                failures.put(path, failure);
            }
        } else if (e instanceof ActorStarted) {
            type = "started";
        } else if (e instanceof ActorStopped) {
            type = "stopped";
            synchronized (failures) {
                failures.remove(path);
            }
        } else if (e instanceof ActorRestarted r) {
            type = "restarted";
            detail = describe(r.cause());
        } else if (e instanceof ActorPassivated) {
            type = "passivated";
        } else if (e instanceof ActorSuspended s) {
            type = "suspended";
            detail = describe(s.cause());
        } else if (e instanceof ActorUnhealthy u) {
            type = "unhealthy";
            detail = u.consecutiveFailures() + " in a row";
        } else {
            type = e.getClass().getSimpleName();
        }
        Event event = new Event(now, type, path, detail);
        synchronized (tail) {
            if (tail.size() == TAIL) {
                tail.pollFirst();
            }
            tail.addLast(event);
        }
    }

    void deadLetter(DeadLetter d) {
        DeadLetterLine line = new DeadLetterLine(Instant.now(), d.reason().name(),
                d.receiver() == null ? null : d.receiver().path(),
                d.message() == null ? null : d.message().getClass().getName());
        synchronized (deadLetters) {
            if (deadLetters.size() == DEAD_LETTERS) {
                deadLetters.pollFirst();
            }
            deadLetters.addLast(line);
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return null;
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
    }

    /** A copy of the last failure of each actor that has one. */
    Map<String, Failure> failures() {
        synchronized (failures) {
            return new LinkedHashMap<>(failures);
        }
    }

    /** The latest lifecycle events, oldest first. */
    List<Event> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** The latest dead letters, oldest first. */
    List<DeadLetterLine> deadLetters() {
        synchronized (deadLetters) {
            return new ArrayList<>(deadLetters);
        }
    }

    @Override
    public void close() {
        subscriptions.forEach(EventStream.Subscription::close);
    }
}
