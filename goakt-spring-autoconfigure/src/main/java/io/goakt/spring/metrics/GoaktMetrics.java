package io.goakt.spring.metrics;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ReceiveInterceptor;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorStarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.spring.internal.KindNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Micrometer meters of one actor system, tagged {@code system} and {@code kind} (the actor's class name), never by
 * actor, so their number grows with the kinds of actors and not with the actors:
 * <ul>
 *   <li>{@code goakt.actors.active} (gauge): live actors;</li>
 *   <li>{@code goakt.mailbox.size} (gauge): queued messages, summed over the kind's actors;</li>
 *   <li>{@code goakt.messages.processed} (counter) and {@code goakt.message.processing} (timer): messages handled
 *       and time in {@code receive}, measured by this class as a {@link ReceiveInterceptor} that the system's
 *       config must install;</li>
 *   <li>{@code goakt.restarts} (counter): restarts, from the event stream;</li>
 *   <li>{@code goakt.deadletters} (function counter, tag {@code system} only).</li>
 * </ul>
 *
 * <p>Gauges read a snapshot of {@link ActorSystem#actors()} taken at most once per {@link #SNAPSHOT_TTL_NANOS}, so
 * one scrape walks the actor tree once. Until {@link #bindTo} runs the interceptor only passes messages on; bound to
 * several registries, it records every meter into each of them.
 *
 * <p>Threading: the interceptor runs on every dispatcher thread at once; all state is in concurrent maps or
 * published through volatile fields.
 */
public final class GoaktMetrics implements MeterBinder, ReceiveInterceptor {

    static final long SNAPSHOT_TTL_NANOS = 1_000_000_000L;

    private final Supplier<ActorSystem> systemSupplier;
    // Every registry this is bound to is a child: meters are registered once and recorded into all of them.
    private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
    private final ConcurrentHashMap<ActorRef, KindMeters> byActor = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, KindMeters> byKind = new ConcurrentHashMap<>();
    private volatile Bound bound;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Long.MIN_VALUE);

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, because this interceptor
     *                       is created before the system it is installed in
     */
    public GoaktMetrics(Supplier<ActorSystem> systemSupplier) {
        this.systemSupplier = systemSupplier;
    }

    private record Bound(MeterRegistry registry, ActorSystem system, Tags systemTags) {
    }

    private record KindMeters(String kind, Timer processing, Counter processed, Counter restarts) {
    }

    private record Snapshot(Map<String, Integer> active, Map<String, Integer> mailbox, long takenAt) {
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (bound != null) {
            return;
        }
        ActorSystem system = systemSupplier.get();
        Tags systemTags = Tags.of("system", system.name());
        FunctionCounter.builder("goakt.deadletters", system, ActorSystem::deadLetterCount)
                .description("Messages that could not be delivered or were not handled")
                .baseUnit("messages")
                .tags(systemTags)
                .register(registries);
        bound = new Bound(registries, system, systemTags);
        system.eventStream().subscribe(ActorStarted.class, e -> kindOf(e.actor()));
        system.eventStream().subscribe(ActorStopped.class, e -> byActor.remove(e.actor()));
        system.eventStream().subscribe(ActorRestarted.class, e -> {
            KindMeters m = kindOf(e.actor());
            if (m != null) {
                m.restarts().increment();
            }
        });
        system.actors().forEach(i -> kindOf(i.ref()));
    }

    @Override
    public void intercept(ReceiveContext ctx, Next next) throws Exception {
        if (bound == null) {
            next.proceed();
            return;
        }
        KindMeters meters = kindOf(ctx.self());
        if (meters == null) {
            next.proceed();
            return;
        }
        long start = System.nanoTime();
        try {
            next.proceed();
        } finally {
            meters.processing().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            meters.processed().increment();
        }
    }

    /** The meters of {@code actor}'s kind, registering them on first sight; null when it is gone or not bound. */
    private KindMeters kindOf(ActorRef actor) {
        KindMeters m = byActor.get(actor);
        if (m != null) {
            return m;
        }
        Bound b = bound;
        if (b == null) {
            return null;
        }
        String kind = b.system().inspect(actor.path()).map(i -> KindNames.of(i.kind())).orElse(null);
        if (kind == null) {
            return null;
        }
        m = byKind.computeIfAbsent(kind, k -> register(b, k));
        byActor.put(actor, m);
        return m;
    }

    private KindMeters register(Bound b, String kind) {
        Tags tags = b.systemTags().and("kind", kind);
        Gauge.builder("goakt.actors.active", this, g -> g.snapshot().active().getOrDefault(kind, 0))
                .description("Live actors")
                .baseUnit("actors")
                .tags(tags)
                .register(b.registry());
        Gauge.builder("goakt.mailbox.size", this, g -> g.snapshot().mailbox().getOrDefault(kind, 0))
                .description("Messages waiting in mailboxes")
                .baseUnit("messages")
                .tags(tags)
                .register(b.registry());
        Timer processing = Timer.builder("goakt.message.processing")
                .description("Time actors spend handling one message")
                .tags(tags)
                .register(b.registry());
        Counter processed = Counter.builder("goakt.messages.processed")
                .description("Messages actors have handled")
                .baseUnit("messages")
                .tags(tags)
                .register(b.registry());
        Counter restarts = Counter.builder("goakt.restarts")
                .description("Actor restarts after failures or operator requests")
                .baseUnit("restarts")
                .tags(tags)
                .register(b.registry());
        return new KindMeters(kind, processing, processed, restarts);
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (now - s.takenAt() < SNAPSHOT_TTL_NANOS && s.takenAt() != Long.MIN_VALUE) {
            return s;
        }
        Bound b = bound;
        if (b == null) {
            return s;
        }
        List<ActorInfo> actors = b.system().actors();
        Map<String, Integer> active = new HashMap<>();
        Map<String, Integer> mailbox = new HashMap<>();
        for (ActorInfo i : actors) {
            String kind = KindNames.of(i.kind());
            if (kind != null) {
                active.merge(kind, 1, Integer::sum);
                mailbox.merge(kind, i.mailboxSize(), Integer::sum);
            }
        }
        s = new Snapshot(active, mailbox, now);
        snapshot = s;
        return s;
    }
}
