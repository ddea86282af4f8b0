package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ReceiveContext;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * How a pool router picks the routee(s) for a message. A strategy is an immutable description; every router
 * instance (and every restart of one) makes its own routing state from it, so one strategy may configure many
 * routers.
 *
 * <ul>
 *   <li>{@link #roundRobin()}: each routee in turn, in the order {@link GetRoutees} lists them.</li>
 *   <li>{@link #random()}: a uniformly random routee per message.</li>
 *   <li>{@link #broadcast()}: every routee gets every message.</li>
 *   <li>{@link #consistentHashing(Function)}: a key taken from the message picks the routee on a hash ring with
 *       virtual nodes, so equal keys reach the same routee and a resize by one routee moves about {@code 1/n} of the
 *       keys.</li>
 *   <li>{@link #scatterGatherFirstCompleted(Duration)}: every routee is asked; the first successful reply goes to
 *       the sender, or {@code Status.Failure(AskTimeoutException)} when none arrives in time.</li>
 *   <li>{@link #tailChopping(Duration, Duration)}: one routee is asked, then another each {@code interval} without
 *       a reply; the first successful reply goes to the sender, with the same failures as scatter-gather.</li>
 * </ul>
 *
 * <p>Threading: strategies are immutable and safe to share between threads. The routing state they create is
 * confined to the router's thread.
 */
public abstract class RoutingStrategy {

    /** The number of ring positions each routee gets unless told otherwise. */
    public static final int DEFAULT_VIRTUAL_NODES = 128;

    RoutingStrategy() {
    }

    /** Fresh routing state for one router instance. */
    abstract RoutingLogic newLogic();

    /** Each routee in turn. */
    public static RoutingStrategy roundRobin() {
        return new Simple("roundRobin", RoundRobin::new);
    }

    /** A uniformly random routee per message. */
    public static RoutingStrategy random() {
        return new Simple("random", Random::new);
    }

    /** Every routee gets every message (one copy of the same message object each). */
    public static RoutingStrategy broadcast() {
        return new Simple("broadcast", BroadcastAll::new);
    }

    /**
     * Routes by a key taken from each message, with {@link #DEFAULT_VIRTUAL_NODES} ring positions per routee.
     *
     * @param keyExtractor the key of a message; keys must have a value-based {@code hashCode} (or be strings). It
     *                     runs on the router's thread, must be fast, and may return {@code null} for messages
     *                     without a key, which then become dead letters ({@code UNHANDLED}).
     */
    public static RoutingStrategy consistentHashing(Function<Object, Object> keyExtractor) {
        return consistentHashing(keyExtractor, DEFAULT_VIRTUAL_NODES);
    }

    /**
     * Routes by a key taken from each message, with {@code virtualNodes} ring positions per routee: more positions
     * spread keys more evenly and cost a little memory and ring-rebuild time on each change of routees.
     */
    public static RoutingStrategy consistentHashing(Function<Object, Object> keyExtractor, int virtualNodes) {
        Objects.requireNonNull(keyExtractor, "keyExtractor");
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be >= 1, was " + virtualNodes);
        }
        return new Simple("consistentHashing(virtualNodes=" + virtualNodes + ")",
                () -> new ConsistentHashing(keyExtractor, virtualNodes));
    }

    /**
     * Asks every routee and sends the first successful reply to the original sender (with the router as the
     * reply's sender). A routee's {@code Status.Failure} reply does not win; if no routee replies successfully
     * within {@code within}, the sender gets {@code Status.Failure} with an
     * {@link io.goakt.actor.AskTimeoutException} naming the router, or, when every routee answered with a failure
     * before that, the first failure's cause.
     *
     * <p>Replies after the first are dropped silently when they come within {@code within} (each completes its own
     * ask, whose result is ignored); replies after {@code within} become dead letters with reason
     * {@code ASK_COMPLETED}. A message without a sender is still asked of every routee; the outcome is dropped.
     * The router never waits: asks and their timeouts run on the system's scheduler.
     */
    public static RoutingStrategy scatterGatherFirstCompleted(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.isZero() || within.isNegative()) {
            throw new IllegalArgumentException("scatter-gather timeout must be positive, was " + within);
        }
        return new Simple("scatterGatherFirstCompleted(" + within + ")", () -> new ScatterGather(within));
    }

    /**
     * Tail-chopping: asks one routee; if no successful reply arrives within {@code interval}, asks the next routee
     * as well, and so on, one more routee per {@code interval}, until a routee replies successfully (that reply goes
     * to the original sender, with the router as its sender), every routee has answered with a failure, or
     * {@code within} has passed since the router received the message. It trades a little extra load for a shorter
     * tail latency when a routee is occasionally slow (a GC pause, a cold cache), without the load of asking every
     * routee as scatter-gather does.
     *
     * <p>Order: the first routee is chosen round-robin over messages, the following ones in routee order from there,
     * wrapping; each routee is asked at most once per message. A routee that answers with {@code Status.Failure}
     * (or cannot be sent to) is not waited for: the next routee is asked at once and gets a fresh {@code interval}.
     *
     * <p>Failures and late replies are as for {@link #scatterGatherFirstCompleted(Duration)}: with no successful
     * reply within {@code within} the sender gets {@code Status.Failure} with an
     * {@link io.goakt.actor.AskTimeoutException} naming the router; when every routee answered with a failure
     * before that, the first failure's cause. Replies after the first, within {@code within}, are dropped silently;
     * replies after {@code within} become dead letters with reason {@code ASK_COMPLETED}. A message without a sender
     * is still routed; its outcome is dropped. The router never waits: the asks, the interval and the deadline run
     * on the system's scheduler.
     *
     * @param within   how long the sender may wait for a reply in all, greater than {@code interval}
     * @param interval how long to wait for a routee before asking the next one as well, positive
     * @throws IllegalArgumentException naming {@code within} or {@code interval} when one is out of range
     */
    public static RoutingStrategy tailChopping(Duration within, Duration interval) {
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("tail-chopping interval must be positive, was " + interval);
        }
        if (within.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("tail-chopping within must be greater than interval ("
                    + interval + "), was " + within);
        }
        return new Simple("tailChopping(within=" + within + ", interval=" + interval + ")",
                () -> new TailChopping(within, interval));
    }

    /** A strategy that is only a name and a factory of routing state. */
    private static final class Simple extends RoutingStrategy {
        private final String name;
        private final java.util.function.Supplier<RoutingLogic> factory;

        Simple(String name, java.util.function.Supplier<RoutingLogic> factory) {
            this.name = name;
            this.factory = factory;
        }

        @Override
        RoutingLogic newLogic() {
            return factory.get();
        }

        @Override
        public String toString() {
            return "RoutingStrategy." + name;
        }
    }

    /** Visits routees in list order; the position survives changes of routees, wrapping to the first when past the end. */
    private static final class RoundRobin implements RoutingLogic {
        private int next;

        @Override
        public void routeesChanged(List<ActorRef> routees) {
        }

        @Override
        public void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees) {
            int i = next;
            if (i >= routees.size()) {
                i = 0;
            }
            routees.get(i).tell(message, sender);
            next = i + 1;
        }
    }

    private static final class Random implements RoutingLogic {
        @Override
        public void routeesChanged(List<ActorRef> routees) {
        }

        @Override
        public void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees) {
            routees.get(ThreadLocalRandom.current().nextInt(routees.size())).tell(message, sender);
        }
    }

    private static final class BroadcastAll implements RoutingLogic {
        @Override
        public void routeesChanged(List<ActorRef> routees) {
        }

        @Override
        public void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees) {
            for (ActorRef r : routees) {
                r.tell(message, sender);
            }
        }
    }

    /** Rebuilds the ring on every change of routees; routing is one binary search. */
    private static final class ConsistentHashing implements RoutingLogic {
        private final Function<Object, Object> keyExtractor;
        private final int virtualNodes;
        private ConsistentHashRing ring;

        ConsistentHashing(Function<Object, Object> keyExtractor, int virtualNodes) {
            this.keyExtractor = keyExtractor;
            this.virtualNodes = virtualNodes;
        }

        @Override
        public void routeesChanged(List<ActorRef> routees) {
            ring = ConsistentHashRing.of(routees, virtualNodes);
        }

        @Override
        public void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees) {
            Object key = keyExtractor.apply(message);
            if (key == null) {
                ctx.unhandled();
                return;
            }
            ring.lookup(key).tell(message, sender);
        }
    }
}
