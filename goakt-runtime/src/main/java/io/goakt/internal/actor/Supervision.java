package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.Directive;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Supervision, the parent's side: a child reported a failure ({@code Failed}); its {@link SupervisorStrategy} decides
 * on this, the parent's, thread, within its restart limits, and the parent answers with {@code Resume},
 * {@code Recreate} (possibly after a backoff), {@code Terminate}, or escalates by failing itself.
 *
 * <h2>Threading</h2>
 * Parent's thread only. The per-child bookkeeping (restarts in the window, recreates issued) lives in the child's
 * {@link Rare} record in plain fields that only the parent touches; the escalated children live in the parent's
 * owner-only {@link Extras}.
 */
abstract class Supervision extends FailureHandling {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);

    Supervision(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    /** A child failed: apply its strategy. Runs on this (the parent's) thread. */
    final void onChildFailed(ActorCell child, Throwable cause, int generation) {
        // Volatile load of the child's flag: pairs with its store when its stop began (its own thread).
        if (childCell(child.name) != child || child.isTerminating()) {
            return;
        }
        if (generation < child.rare().recreatesIssued) {
            return; // reported before a restart this parent already ordered; that restart also resumes it
        }
        SupervisorStrategy s = child.strategy();
        Directive d = cause instanceof ActorCell.NormalExit ? Directive.RESTART : s.decide(cause);
        if (d == Directive.ESCALATE) {
            if (parent != null) {
                if (ext().escalatedChildren == null) {
                    ext().escalatedChildren = new ArrayList<>(2);
                }
                ext().escalatedChildren.add(child);
                // Already waiting for the parent's decision (an earlier escalation or a failure of this cell):
                // that one decision covers this child too. A second Failed would get a second answer, and a
                // Resume answered after the first one finds no failure pending and resumes nobody.
                if (!failurePending()) {
                    handleFailure(null, cause);
                }
                return;
            }
            // This is the user guardian: its own strategy decides about the top-level actor, and its limits,
            // backoff and scope apply (the escalating actor's strategy only said "escalate").
            s = system.config().guardianSupervisor();
            d = s.decide(cause);
            if (d == Directive.ESCALATE) {
                LOG.error("top-level actor {} escalated a failure past the guardian; stopping it", child.self.path(),
                        cause);
                d = Directive.STOP;
            }
        }
        if (d == Directive.RESTART && child.restartPolicy() == RestartPolicy.TEMPORARY) {
            d = Directive.STOP;
        }
        if (d == Directive.RESTART && !countRestart(child, s, system.scheduler().nanoTime())) {
            LOG.warn("{} exceeded {} restarts within {}; stopping it", child.self.path(), s.maxRestarts(), s.window(),
                    cause);
            d = Directive.STOP;
        }
        if (d == Directive.STOP) {
            ObserverRelay relay = system.observerRelay();
            for (ActorCell target : targets(s, child)) {
                if (relay.active(target.observer())) {
                    ActorRef ref = target.self;
                    relay.emit(target.observer(), o -> o.terminal(ref, cause));
                }
            }
        }
        switch (d) {
            case RESUME -> child.sendSystem(new SystemMessage.Resume());
            case STOP -> {
                for (ActorCell target : targets(s, child)) {
                    target.sendSystem(new SystemMessage.Terminate(false));
                }
            }
            case RESTART -> {
                Duration delay = s.backoff().delay(child.rare().inWindow,
                        ThreadLocalRandom.current().nextDouble());
                for (ActorCell target : targets(s, child)) {
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
