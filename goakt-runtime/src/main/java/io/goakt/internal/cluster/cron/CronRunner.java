package io.goakt.internal.cluster.cron;

import io.goakt.actor.Actor;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;

import java.time.Duration;
import java.time.Instant;

/**
 * The cluster singleton that fires every cluster-wide cron schedule: on start it merges what every member recorded
 * ({@link ClusterCronService#sync}), then keeps one timer to the earliest tick due and, at each, lets the service
 * record and send the ticks due ({@link ClusterCronService#fireDue}). A change to the replica
 * ({@link ClusterCronService#notifyRunner}) re-evaluates at once.
 *
 * <p>Threading: an actor; the service's replica is concurrent.
 */
final class CronRunner implements Actor {

    /** Re-evaluate the schedules: one is due, or the replica changed. */
    enum Signal {
        /** The timer to the earliest tick fired. */
        TICK,
        /** A schedule was added, replaced or cancelled. */
        CHANGED,
        /** The start-up sync completed. */
        READY
    }

    private static final Object TIMER_KEY = "cluster-cron-tick";
    /** Added to every wait so the timer does not fire a hair before the tick and need a second round. */
    private static final Duration SLACK = Duration.ofMillis(1);

    private final ClusterCronService service;
    private boolean ready;

    CronRunner(ClusterCronService service) {
        this.service = service;
    }

    @Override
    public void preStart(Context ctx) {
        service.runnerStarted(ctx.self());
        ctx.pipeToSelf(service.sync().thenApply(v -> Signal.READY));
    }

    @Override
    public void receive(ReceiveContext ctx) {
        if (ctx.message() == Signal.READY) {
            ready = true;
        }
        if (ctx.message() instanceof Signal && ready) {
            evaluate(ctx);
        }
    }

    private void evaluate(Context ctx) {
        Instant now = service.time().now();
        Instant earliest = null;
        for (CronEntry e : service.liveEntries()) {
            Instant next = service.fireDue(e, now);
            if (next != null && (earliest == null || next.isBefore(earliest))) {
                earliest = next;
            }
        }
        if (earliest == null) {
            ctx.cancelTimer(TIMER_KEY);
            return;
        }
        Duration wait = service.time().until(earliest);
        ctx.scheduleOnce(TIMER_KEY, Signal.TICK, (wait.isNegative() ? Duration.ZERO : wait).plus(SLACK));
    }

    @Override
    public void postStop(Context ctx) {
        service.runnerStopped(ctx.self());
    }
}
