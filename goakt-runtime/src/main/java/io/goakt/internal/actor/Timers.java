package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.ReceiveTimeout;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.TimerMode;
import io.goakt.dispatch.Dispatcher;
import io.goakt.internal.util.CronSchedule;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Objects;

/**
 * Timers by key and the receive timeout, which is a timer that re-arms itself while messages keep arriving. The
 * health check and passivation run on timers too, under keys of their own; {@link HealthAndPassivation} handles those.
 *
 * <h2>Threading</h2>
 * Owner only: the timer table and the receive-timeout settings live in the owner-only {@link Extras}. A timer fires on
 * the scheduler's thread, which only enqueues it ({@link #fire}); the owner then checks it is still the one under its
 * key, so a timer cancelled or replaced after it fired is dropped.
 */
abstract class Timers extends DeathWatch {

    static final Object RECEIVE_TIMEOUT_KEY = new Object() {
        @Override
        public String toString() {
            return "receive-timeout";
        }
    };
    static final Object HEALTH_CHECK_KEY = new Object() {
        @Override
        public String toString() {
            return "health-check";
        }
    };
    static final Object PASSIVATION_KEY = new Object() {
        @Override
        public String toString() {
            return "passivation";
        }
    };

    Timers(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
           MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    @Override
    public final void scheduleOnce(Object key, Object message, Duration delay) {
        startTimer(key, message, delay, null, null);
    }

    @Override
    public final void scheduleRepeatedly(Object key, Object message, Duration initialDelay, Duration interval,
                                         TimerMode mode) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(mode, "mode");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("timer interval must be positive, was " + interval);
        }
        startTimer(key, message, initialDelay, interval, mode);
    }

    final void startTimer(Object key, Object message, Duration delay, Duration interval, TimerMode mode) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(delay, "delay");
        if (isTerminating()) {
            return;
        }
        Timer t = new Timer((ActorCell) this, key, message, mode, interval == null ? 0 : interval.toNanos());
        register(t);
        t.start(delay);
    }

    @Override
    public final void scheduleCron(Object key, String expression, ZoneId zone, Object message) {
        CronSchedule cron = CronSchedule.parse(expression, zone);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        if (isTerminating()) {
            return;
        }
        Timer t = new Timer((ActorCell) this, key, message, cron);
        if (!t.startCron()) {
            throw new IllegalArgumentException("cron expression '" + expression + "' never fires");
        }
        register(t);
    }

    /** Makes {@code t} the timer under its key, cancelling the one it replaces. */
    private void register(Timer t) {
        if (ext().timers == null) {
            ext().timers = new HashMap<>(4);
        }
        Timer old = ext().timers.put(t.key, t);
        if (old != null) {
            old.cancel();
        }
    }

    @Override
    public final boolean cancelTimer(Object key) {
        Extras x = extras();
        Timer t = x == null || x.timers == null ? null : x.timers.remove(key);
        if (t == null) {
            return false;
        }
        t.cancel();
        return true;
    }

    @Override
    public final boolean isTimerActive(Object key) {
        Extras x = extras();
        return x != null && x.timers != null && x.timers.containsKey(key);
    }

    final void cancelAllTimers() {
        Extras x = extras();
        if (x != null && x.timers != null) {
            for (Timer t : x.timers.values()) {
                t.cancel();
            }
            x.timers.clear();
        }
    }

    @Override
    public final void setReceiveTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            Extras x = extras();
            if (x != null) {
                x.receiveTimeoutNanos = 0;
            }
            cancelTimer(RECEIVE_TIMEOUT_KEY);
            return;
        }
        ext().receiveTimeoutNanos = timeout.toNanos();
        touch(system.scheduler().nanoTime());
        startTimer(RECEIVE_TIMEOUT_KEY, ReceiveTimeout.INSTANCE, timeout, null, null);
    }

    /**
     * A timer fired and its firing reached the head of the queue: re-arms or forgets it, and returns the message the
     * actor now handles, or null when there is none (stale, re-armed receive timeout, or a runtime timer).
     */
    final Object onTimer(Timer t) {
        if (ext().timers == null || ext().timers.get(t.key) != t) {
            return null; // cancelled or replaced since it fired
        }
        if (t.key == RECEIVE_TIMEOUT_KEY) {
            long idle = system.scheduler().nanoTime() - ext().lastMessageNanos;
            long left = ext().receiveTimeoutNanos - idle;
            if (left > 0) {
                t.start(Duration.ofNanos(left));
                return null;
            }
            t.start(Duration.ofNanos(ext().receiveTimeoutNanos));
            return ReceiveTimeout.INSTANCE;
        }
        if (t.key == PASSIVATION_KEY || t.key == HEALTH_CHECK_KEY) {
            onRuntimeTimer(t);
            return null;
        }
        if (t.cron != null) {
            if (!t.rearmCron()) {
                ext().timers.remove(t.key);
            }
        } else if (t.mode == null) {
            ext().timers.remove(t.key);
        } else if (t.mode == TimerMode.FIXED_DELAY) {
            t.start(Duration.ofNanos(t.intervalNanos));
        }
        return t.message;
    }

    /** The passivation check or the health check is due; implemented by {@link HealthAndPassivation}. */
    abstract void onRuntimeTimer(Timer t);

    /** Enqueues a timer firing; called on the scheduler's thread. */
    final void fire(Timer t) {
        if (!sendUser(new Envelope(t, null))) {
            refusedInternal(t.message, null);
        }
    }

    /** A message the runtime itself sends to this actor (timer firing) met a full mailbox: report it. */
    private void refusedInternal(Object message, ActorRef sender) {
        system.deadLetter(message, sender, self, DeadLetter.Reason.MAILBOX_FULL,
                "mailbox of " + self.path() + " is full (capacity " + queueCapacity() + ")");
    }
}
