package io.goakt.sample.notifier;

import io.goakt.actor.Actor;
import io.goakt.actor.Context;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends notifications (here it only counts them) and can be told to fail. Its supervisor
 * ({@link SupervisionConfig#notifierSupervisor()}) restarts it: the context hands the runtime a fresh prototype
 * bean, the count starts from zero and the incarnation number goes up.
 */
@ActorComponent(name = "notifier", supervisor = "notifierSupervisor")
public class NotifierActor implements Actor {

    /** Sends one notification; replies {@link Status}. */
    public record Notify(String text) {
    }

    /** Makes the actor throw, as a failing downstream service would. */
    public enum Fail {
        /** The only instance. */
        INSTANCE
    }

    /** Asks for the actor's state; replies {@link Status}. */
    public enum GetStatus {
        /** The only instance. */
        INSTANCE
    }

    /**
     * @param sent        notifications sent by this instance
     * @param incarnation which instance this is: 1 for the first, one more after each restart
     */
    public record Status(long sent, long incarnation) {
    }

    private final long incarnation;
    private long sent;

    /** Each bean the context makes is the next incarnation. */
    public NotifierActor(Incarnations incarnations) {
        this.incarnation = incarnations.next();
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m instanceof Notify) {
            sent++;
            ctx.respond(new Status(sent, incarnation));
        } else if (m == GetStatus.INSTANCE) {
            ctx.respond(new Status(sent, incarnation));
        } else if (m == Fail.INSTANCE) {
            throw new IllegalStateException("notifier told to fail (incarnation " + incarnation + ")");
        } else if (!(m instanceof PostStart)) {
            ctx.unhandled();
        }
    }

    @Override
    public void postStop(Context ctx) {
        // nothing to release; a real notifier would close its connection here
    }

    /** Numbers the notifier's instances; a singleton shared by all of them. */
    @org.springframework.stereotype.Component
    public static class Incarnations {
        private final AtomicLong count = new AtomicLong();

        long next() {
            return count.incrementAndGet();
        }
    }
}
