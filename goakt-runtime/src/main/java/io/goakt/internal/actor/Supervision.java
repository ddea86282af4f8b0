package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.Directive;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Supervision, the parent's side: a child reported a failure ({@code Failed}); its {@link SupervisorStrategy} decides
 * on this, the parent's, thread, within its restart limits, and the parent answers with {@code Resume},
 * {@code Recreate} (possibly after a backoff), {@code Terminate}, {@code Suspend} (until reinstated), or escalates by
 * failing itself.
 *
 * <h2>Threading</h2>
 * Parent's thread only. The per-child bookkeeping (restarts in the window, recreates issued) lives in the child's
 * {@link Rare} record in plain fields that only the parent touches; the escalated children live in the parent's
 * owner-only {@link Extras}.
 */
abstract class Supervision extends FailureHandling {

    Supervision(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    /** A child failed: apply its strategy, and log the failure with the decision. Runs on this (the parent's) thread. */
    final void onChildFailed(SystemMessage.Failed f) {
        ActorCell child = f.child;
        Throwable cause = f.cause;
        // Volatile load of the child's flag: pairs with its store when its stop began (its own thread).
        if (childCell(child.name) != child || child.isTerminating()) {
            logFailure(f, "ignored: the actor is stopping");
            return;
        }
        if (f.generation < child.rare().recreatesIssued) {
            // reported before a restart this parent already ordered; that restart also resumes it
            logFailure(f, "ignored: a restart is already under way");
            return;
        }
        SupervisorStrategy s = child.strategy();
        Directive d = cause instanceof ActorCell.NormalExit ? Directive.RESTART : s.decide(cause);
        String prefix = "";
        if (d == Directive.ESCALATE) {
            if (parent != null) {
                logFailure(f, "escalating to " + parent.self.address());
                if (ext().escalatedChildren == null) {
                    ext().escalatedChildren = new ArrayList<>(2);
                }
                ext().escalatedChildren.add(child);
                // Already waiting for the parent's decision (an earlier escalation or a failure of this cell):
                // that one decision covers this child too. A second Failed would get a second answer, and a
                // Resume answered after the first one finds no failure pending and resumes nobody.
                if (!failurePending()) {
                    handleFailure(null, cause, "by escalation from " + child.self.address(), true);
                }
                return;
            }
            // This is the user guardian: its own strategy decides about the top-level actor, and its limits,
            // backoff and scope apply (the escalating actor's strategy only said "escalate").
            s = system.config().guardianSupervisor();
            d = s.decide(cause);
            prefix = "escalated to the guardian, ";
            if (d == Directive.ESCALATE) {
                prefix = "escalated past the guardian, ";
                d = Directive.STOP;
            }
        }
        String stopWhy = "";
        if (d == Directive.RESTART && child.restartPolicy() == RestartPolicy.TEMPORARY) {
            d = Directive.STOP;
            stopWhy = " (temporary)";
        }
        if (d == Directive.RESTART && !countRestart(child, s, system.scheduler().nanoTime())) {
            stopWhy = ": " + s.maxRestarts() + " restarts within " + SystemLog.duration(s.window()) + " exceeded";
            d = Directive.STOP;
        }
        Collection<ActorCell> targets = d == Directive.RESUME || d == Directive.SUSPEND ? List.of(child)
                : targets(s, child);
        String others = targets.size() > 1 ? " with its " + (targets.size() - 1)
                + (targets.size() == 2 ? " sibling" : " siblings") : "";
        if (d == Directive.STOP) {
            ObserverRelay relay = system.observerRelay();
            for (ActorCell target : targets) {
                if (relay.active(target.observer())) {
                    ActorRef ref = target.self;
                    relay.emit(target.observer(), o -> o.terminal(ref, cause));
                }
            }
        }
        switch (d) {
            case RESUME -> {
                logFailure(f, prefix + "resuming");
                child.sendSystem(new SystemMessage.Resume());
            }
            case SUSPEND -> {
                logFailure(f, prefix + "suspending it until reinstated");
                child.sendSystem(new SystemMessage.Suspend(cause));
            }
            case STOP -> {
                logFailure(f, prefix + "stopping" + others + stopWhy);
                for (ActorCell target : targets) {
                    target.sendSystem(new SystemMessage.Terminate(false));
                }
            }
            case RESTART -> {
                Duration delay = s.backoff().delay(child.rare().inWindow,
                        ThreadLocalRandom.current().nextDouble());
                if (system.log.logsFailures()) {
                    logFailure(f, prefix + "restarting" + others
                            + (delay.isZero() ? "" : " in " + SystemLog.duration(delay)) + restartCount(child, s));
                }
                for (ActorCell target : targets) {
                    target.rare().recreatesIssued++;
                    if (delay.isZero()) {
                        target.sendSystem(new SystemMessage.Recreate(cause));
                    } else {
                        system.scheduler().schedule(delay,
                                () -> target.sendSystem(new SystemMessage.Recreate(cause)));
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected directive " + d);
        }
    }

    /**
     * The one log line of a failure: {@code "<child> failed on Deposit: <cause>; restarting (3 of 10 in 1m)"}, with
     * the stack trace unless an earlier line of the escalation already had it.
     */
    private void logFailure(SystemMessage.Failed f, String decision) {
        SystemLog log = system.log;
        if (!log.logsFailures()) {
            return;
        }
        Throwable cause = f.cause;
        String line;
        if (cause instanceof ActorCell.NormalExit) {
            line = f.child.self.address() + " stopped itself and is permanent; " + decision;
            cause = null;
        } else {
            line = f.child.self.address() + " failed " + f.during + ": " + cause + "; " + decision;
        }
        log.failure(line, f.escalated ? null : cause);
    }

    private static String restartCount(ActorCell child, SupervisorStrategy s) {
        int n = child.rare().inWindow;
        return s.maxRestarts() < 0 ? " (restart " + n + ")"
                : " (" + n + " of " + s.maxRestarts() + " in " + SystemLog.duration(s.window()) + ")";
    }

    private Collection<ActorCell> targets(SupervisorStrategy s, ActorCell child) {
        return s.scope() == SupervisorStrategy.Scope.ALL_FOR_ONE ? new ArrayList<>(childCells()) : List.of(child);
    }

    /** Counts a restart of {@code child} in its strategy's window; false once the limit is passed. */
    private static boolean countRestart(ActorCell child, SupervisorStrategy s, long now) {
        Rare stats = child.rare();
        long window = s.window().toNanos();
        if (stats.inWindow == 0 || now - stats.windowStart > window) {
            stats.windowStart = now;
            stats.inWindow = 0;
        }
        stats.inWindow++;
        return s.maxRestarts() < 0 || stats.inWindow <= s.maxRestarts();
    }
}
