package io.goakt.internal.actor;

import io.goakt.actor.ActorUnhealthyException;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.eventstream.ActorPassivated;
import io.goakt.eventstream.ActorUnhealthy;
import io.goakt.mailbox.MessageQueue;

import java.time.Duration;

/**
 * The health check (a probe on a timer; enough failures in a row fail the actor, so its supervisor decides) and
 * passivation (an actor idle for its configured time, or past its configured message count, stops itself), and the
 * actor's side of eviction (it registers as a candidate, and passivates when {@link Eviction} chooses it).
 *
 * <h2>Threading</h2>
 * Owner only: the failure count, idle clock and message count live in the owner-only {@link Extras}; both checks run
 * as timer firings on the owner's thread.
 */
abstract class HealthAndPassivation extends ReentrantRequests {

    HealthAndPassivation(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                         MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    @Override
    final void onRuntimeTimer(Timer t) {
        if (t.key == PASSIVATION_KEY) {
            long left = passivationIdleNanos() - (system.scheduler().nanoTime() - ext().lastMessageNanos);
            if (left > 0) {
                t.start(Duration.ofNanos(left));
            } else {
                ext().timers.remove(PASSIVATION_KEY);
                passivate(ActorPassivated.Reason.IDLE);
            }
        } else {
            t.start(healthCheck().interval());
            runHealthProbe();
        }
    }

    // ---- health check

    /** Arms the health check of a fresh instance, if the options ask for one. */
    final void startHealthCheck() {
        if (healthCheck() != null) {
            ext().healthFailures = 0;
            startTimer(HEALTH_CHECK_KEY, HEALTH_CHECK_KEY, healthCheck().interval(), null, null);
        }
    }

    private void runHealthProbe() {
        boolean healthy;
        Throwable error = null;
        try {
            healthy = healthCheck().probe().healthy(actor);
        } catch (Throwable t) {
            healthy = false;
            error = t;
        }
        if (healthy) {
            ext().healthFailures = 0;
            return;
        }
        ext().healthFailures++;
        system.eventStream().publish(new ActorUnhealthy(self, ext().healthFailures, error));
        if (healthCheck().failureThreshold() > 0 && ext().healthFailures >= healthCheck().failureThreshold()) {
            int n = ext().healthFailures;
            ext().healthFailures = 0;
            throw new ActorUnhealthyException(self.path() + " failed its health check " + n + " times in a row",
                    error);
        }
    }

    // ---- passivation

    /** Arms the idle check of a fresh instance, if the options passivate on idleness. */
    final void startPassivation() {
        if (passivationIdleNanos() > 0) {
            touch(system.scheduler().nanoTime());
            startTimer(PASSIVATION_KEY, PASSIVATION_KEY, Duration.ofNanos(passivationIdleNanos()), null, null);
        }
    }

    /**
     * Counts a handled message towards the options' message limit; passivates once it is reached. Only for a cell
     * with {@link #MESSAGE_LIMIT}.
     */
    final void countForPassivation() {
        long maxMessages = options().passivation().maxMessages();
        if (maxMessages > 0 && ++ext().passivationCount >= maxMessages) {
            passivate(ActorPassivated.Reason.MESSAGE_LIMIT);
        }
    }

    // ---- eviction (see Eviction)

    /**
     * After the first start (the spawning thread, which owns the mailbox): a passivating actor, or an
     * {@link Evictable} instance, becomes an eviction candidate; then the cap is checked, so a spawn past it evicts.
     */
    final void admitForEviction() {
        Eviction ev = system.eviction;
        if (ev != null) {
            if (passivates() || actor instanceof Evictable) {
                ev.register((ActorCell) this);
            }
            ev.maybeEvict();
        }
    }

    /** System message {@code Evict}: the evictor chose this actor. */
    final void onEvict() {
        if (actor instanceof Evictable e && !isTerminating()) {
            if (!e.evict(this)) {
                system.eviction.readmit((ActorCell) this);
            }
            return;
        }
        passivate(ActorPassivated.Reason.EVICTED);
    }

    private void passivate(ActorPassivated.Reason reason) {
        if (ext().passivated || isTerminating()) {
            return;
        }
        ext().passivated = true;
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorPassivated.class)) {
            events.publish(new ActorPassivated(self, reason));
        }
        sendSystem(new SystemMessage.Terminate(false));
    }
}
