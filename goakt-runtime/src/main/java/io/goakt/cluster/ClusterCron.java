package io.goakt.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.internal.cluster.cron.ClusterCronService;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Cron schedules that fire once per tick in the whole cluster, not once per member: a schedule made on any member
 * sends its message at every time its expression matches, from one member, to an actor found by name in the
 * cluster. One per cluster member, started by {@link Cluster#start}; {@link #of} returns it.
 *
 * <pre>{@code
 * ClusterCron cron = ClusterCron.of(system);
 * cron.schedule("nightly-report", "0 2 * * *", ZoneId.of("Europe/Paris"),
 *         ClusterCron.Target.namedActor("reports"), new RunReport());
 * cron.cancel("nightly-report");                              // on any member
 * }</pre>
 *
 * <h2>Where it fires</h2>
 * Every member keeps a replica of the schedules; a schedule or a cancel made on one member is sent to every other
 * one, and a member that joins or merges in is sent them all. One actor fires every schedule: the cluster singleton
 * {@value ClusterCronService#RUNNER} ({@link ClusterSingletons}), which every member declares once it holds a
 * schedule, so it runs on the oldest member. It resolves the target when a tick is due and tells it the message;
 * the target may run on any member.
 *
 * <h2>Ticks and hand-over</h2>
 * Each schedule's replica holds the last tick fired. The runner records a tick on every member it reaches and sends
 * the tick's message only once a majority of the members (itself included) holds the record; a runner that starts
 * on another member (the former one left, crashed or lost quorum) first asks every member for what it recorded, so
 * it fires no tick a majority recorded, and a runner cut off from the others sends nothing. A tick that fell due
 * while no runner ran fires late, once, when the next runner starts; earlier ticks missed in the same gap, and a
 * tick whose record no majority acknowledged within two seconds, are skipped and counted ({@link #skippedTicks()},
 * with a warning in the log). So a tick fires at most once, and one that does not fire is counted, except when the
 * runner's member crashes between recording a tick and sending its message. Delivery to the target is at most
 * once, as every send between members.
 *
 * <h2>The expression and the message</h2>
 * The expression is the standard five-field cron expression of
 * {@link io.goakt.actor.Context#scheduleCron(Object, String, ZoneId, Object)}, with the same daylight-saving rules.
 * The message travels to every member's replica in its wire form, so its type must be registered in the
 * remoting's {@link io.goakt.serialization.Serialization} (and hold no {@link io.goakt.actor.ActorRef}); a
 * {@code schedule} with an unregistered type fails at once.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface ClusterCron {

    /**
     * The cluster cron of the cluster {@code system} is a member of.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member ({@link Cluster#start})
     */
    static ClusterCron of(ActorSystem system) {
        Cluster cluster = Cluster.of(system).orElseThrow(() -> new IllegalStateException("actor system "
                + system.name() + " is not a cluster member: call Cluster.start first"));
        return system.extension(ClusterCron.class, s -> ClusterCronService.start(cluster));
    }

    /**
     * Schedules {@code message} to {@code target} at every time {@code expression} matches in {@code zone},
     * cluster-wide; a schedule with the same key, made on any member, is replaced. The first tick is the first match
     * after this call.
     *
     * @param key 1 to 200 characters; names the schedule on every member
     * @throws IllegalArgumentException naming the field when the expression is invalid, when it never fires, or when
     *                                  the key is empty or too long
     * @throws io.goakt.serialization.SerializationException when the message's type is not registered
     */
    void schedule(String key, String expression, ZoneId zone, Target target, Object message);

    /**
     * Cancels the schedule {@code key} on every member; a tick that falls due while the cancel travels to the
     * runner's member may still fire. Returns false when this member's replica held no schedule under the key.
     */
    boolean cancel(String key);

    /** The keys of the schedules this member's replica holds now, sorted; an unmodifiable copy. */
    Set<String> keys();

    /** How many ticks the runner fired while it ran on this member. */
    long firings();

    /**
     * How many ticks the runner found missed while it ran on this member (no runner ran when they fell due, or it was
     * held up past the next tick) and did not fire: of consecutive missed ticks only the last one fires, late.
     */
    long skippedTicks();

    /** The membership these schedules serve. */
    Cluster cluster();

    /**
     * The actor a schedule's message goes to, found by name on the member that fires the tick when the tick is due.
     *
     * <p>Immutable.
     */
    final class Target {

        /** How a target's name is resolved. */
        public enum Kind {
            /** A cluster-unique named actor ({@link ClusterActors#actorOf}). */
            NAMED_ACTOR,
            /** A cluster singleton ({@link ClusterSingletons#proxy}). */
            SINGLETON
        }

        private final Kind kind;
        private final String name;

        private Target(Kind kind, String name) {
            this.kind = kind;
            this.name = Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > 200) {
                throw new IllegalArgumentException("cron target name must be 1 to 200 characters, was '" + name
                        + "'");
            }
        }

        /** The cluster-unique named actor {@code name}; a tick while no actor holds the name is a dead letter. */
        public static Target namedActor(String name) {
            return new Target(Kind.NAMED_ACTOR, name);
        }

        /** The cluster singleton {@code name}, wherever it runs. */
        public static Target singleton(String name) {
            return new Target(Kind.SINGLETON, name);
        }

        /** How the name is resolved. */
        public Kind kind() {
            return kind;
        }

        /** The target's name. */
        public String name() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Target t && t.kind == kind && t.name.equals(name);
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + name.hashCode();
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }
}
