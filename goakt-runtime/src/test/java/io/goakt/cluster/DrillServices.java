package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.Grains;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The cluster singleton and the grain kind of a {@link QuorumDrillMember}, and the lines they print so that the
 * test can rebuild, from every member's log, when and where each instance ran.
 *
 * <p>Lines (times are {@link System#currentTimeMillis()}, one clock for every member JVM of one host):
 * <ul>
 *   <li>{@code singleton start member=<system> seq=<n> t=<ms>} in the instance's {@code preStart};</li>
 *   <li>{@code singleton stop member=<system> seq=<n> t=<ms> last=<ms of the last message handled, 0 if none>} in
 *       its {@code postStop};</li>
 *   <li>{@code grain activate id=<id> member=<system> t=<ms>} in {@code onActivate};</li>
 *   <li>{@code grain deactivate id=<id> member=<system> t=<ms> last=<ms> handled=<messages of this activation>}
 *       in {@code onDeactivate}.</li>
 * </ul>
 * Both answer a {@link QuorumDrillMember.Ping} with their system's name and hand each
 * {@link QuorumDrillMember.Tell} to the member's delivery count.
 */
final class DrillServices {

    /** The singleton every drill member declares. */
    static final String SINGLETON = "drill-singleton";
    /** The grain kind every drill member registers. */
    static final String GRAIN_KIND = "drill-grain";

    private final ActorSystem system;
    private final Consumer<QuorumDrillMember.Tell> delivered;
    private final Consumer<String> print;
    /** Singleton instances started here, for their sequence numbers; any thread (atomic increment). */
    private final AtomicLong starts = new AtomicLong();
    /** Messages handled per grain id on this member, over all its activations; updated by the grains' threads. */
    final ConcurrentHashMap<String, Long> handledByGrain = new ConcurrentHashMap<>();

    DrillServices(ActorSystem system, Consumer<QuorumDrillMember.Tell> delivered, Consumer<String> print) {
        this.system = system;
        this.delivered = delivered;
        this.print = print;
    }

    /** Declares the singleton and registers the grain kind on this member. */
    void declare() {
        ClusterSingletons.of(system).start(SINGLETON, SingletonInstance::new, SingletonOptions.defaults());
        Grains.of(system).register(GRAIN_KIND, DrillGrain::new, GrainOptions.defaults());
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    /** One instance of the singleton: its fields are confined to its actor's thread. */
    private final class SingletonInstance implements Actor {
        private long seq;
        private long last;

        @Override
        public void preStart(Context ctx) {
            seq = starts.incrementAndGet();
            print.accept("singleton start member=" + system.name() + " seq=" + seq + " t=" + now());
        }

        @Override
        public void receive(ReceiveContext ctx) {
            last = now();
            if (ctx.message() instanceof QuorumDrillMember.Ping) {
                ctx.respond(new QuorumDrillMember.Echo(system.name()));
            } else if (ctx.message() instanceof QuorumDrillMember.Tell t) {
                delivered.accept(t);
            }
        }

        @Override
        public void postStop(Context ctx) {
            print.accept("singleton stop member=" + system.name() + " seq=" + seq + " t=" + now() + " last=" + last);
        }
    }

    /** One activation of a drill grain: its fields are confined to the grain's thread. */
    private final class DrillGrain implements Grain {
        private long last;
        private long handled;

        @Override
        public void onActivate(GrainContext ctx) {
            print.accept("grain activate id=" + ctx.identity().id() + " member=" + system.name() + " t=" + now());
        }

        @Override
        public void receive(GrainContext ctx) {
            last = now();
            handled++;
            handledByGrain.merge(ctx.identity().id(), 1L, Long::sum);
            if (ctx.message() instanceof QuorumDrillMember.Ping) {
                ctx.respond(new QuorumDrillMember.Echo(system.name()));
            } else if (ctx.message() instanceof QuorumDrillMember.Tell t) {
                delivered.accept(t);
            }
        }

        @Override
        public void onDeactivate(GrainContext ctx) {
            print.accept("grain deactivate id=" + ctx.identity().id() + " member=" + system.name() + " t=" + now()
                    + " last=" + last + " handled=" + handled);
        }
    }
}
