package io.goakt.spring.metrics;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ReceiveInterceptor;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorStarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.internal.actor.Eviction;
import io.goakt.internal.actor.LocalActorSystem;
import io.goakt.spring.internal.KindNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Micrometer meters of one actor system, tagged {@code system} and {@code kind}, never by actor, so their number
 * grows with the kinds of actors and not with the actors. The kind is what the kind function given at construction
 * makes of the actor's class name: the auto-configuration names an {@code @ActorComponent} by its component name and
 * any other actor by its class name.
 * <ul>
 *   <li>{@code goakt.actors.active} (gauge): live actors;</li>
 *   <li>{@code goakt.mailbox.size} (gauge): queued messages, summed over the kind's actors;</li>
 *   <li>{@code goakt.messages.processed} (counter) and {@code goakt.message.processing} (timer): messages handled
 *       and time in {@code receive}, measured by this class as a {@link ReceiveInterceptor} that the system's
 *       config must install. {@link PostStart} is not counted: it is the runtime's signal that an instance
 *       started, not a message anyone sent, and {@link io.goakt.actor.ActorInfo#processedCount()} leaves it out
 *       too;</li>
 *   <li>{@code goakt.restarts} (counter): restarts, from the event stream;</li>
 *   <li>{@code goakt.dead.letters} (function counter, tag {@code system} only);</li>
 *   <li>{@code goakt.actors.evicted} (function counter, tag {@code system} only), when the system has an
 *       {@link io.goakt.actor.EvictionPolicy}: actors and grain activations evicted to keep its cap.</li>
 * </ul>
 *
 * <p>Gauges read a snapshot of {@link ActorSystem#actors()} taken at most once a second, so one scrape walks the
 * actor tree once. Until {@link #bindTo} runs the interceptor only passes messages on; bound to several registries,
 * it records every meter into each of them.
 *
 * <p>Threading: the interceptor runs on every dispatcher thread at once; all state is in concurrent maps or
 * published through volatile fields.
 */
public final class GoaktMetrics implements MeterBinder, ReceiveInterceptor {

    private final SystemMeterBinding binding;
    private final Function<String, String> kindOfClass;
    private final ConcurrentHashMap<ActorRef, KindMeters> byActor = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, KindMeters> byKind = new ConcurrentHashMap<>();
    private final PeriodicSnapshot<Snapshot> snapshot =
            new PeriodicSnapshot<>(new Snapshot(Map.of(), Map.of()), this::takeSnapshot);

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, because this interceptor
     *                       is created before the system it is installed in
     */
    public GoaktMetrics(Supplier<ActorSystem> systemSupplier) {
        this(systemSupplier, KindNames.CLASS_NAMES);
    }

    /**
     * @param systemSupplier the system to observe; asked for it only in {@link #bindTo}, because this interceptor
     *                       is created before the system it is installed in
     * @param kindOfClass    the {@code kind} tag of an actor, from the class name of its instance (never null);
     *                       asked once per actor
     */
    public GoaktMetrics(Supplier<ActorSystem> systemSupplier, Function<String, String> kindOfClass) {
        this.binding = new SystemMeterBinding(systemSupplier);
        this.kindOfClass = kindOfClass;
    }

    private record KindMeters(String kind, Timer processing, Counter processed, Counter restarts) {
    }

    private record Snapshot(Map<String, Integer> active, Map<String, Integer> mailbox) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binding.bindTo(registry, this::observe);
    }

    private void observe(SystemMeterBinding.Bound b) {
        ActorSystem system = b.system();
        FunctionCounter.builder("goakt.dead.letters", system, ActorSystem::deadLetterCount)
                .description("Messages that could not be delivered or were not handled")
                .tags(b.systemTags())
                .register(binding.registries());
        if (system instanceof LocalActorSystem local) {
            local.evictor().ifPresent(evictor ->
                    FunctionCounter.builder("goakt.actors.evicted", evictor, Eviction::evictedCount)
                            .description("Actors and grain activations passivated to keep the system's cap on live"
                                    + " actors")
                            .tags(b.systemTags())
                            .register(binding.registries()));
        }
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
        if (binding.bound() == null || ctx.message() == PostStart.INSTANCE) {
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
        SystemMeterBinding.Bound b = binding.bound();
        if (b == null) {
            return null;
        }
        String kind = b.system().inspect(actor.path()).map(i -> kindOf(i.kind())).orElse(null);
        if (kind == null) {
            return null;
        }
        m = byKind.computeIfAbsent(kind, k -> register(b, k));
        byActor.put(actor, m);
        return m;
    }

    private KindMeters register(SystemMeterBinding.Bound b, String kind) {
        MeterRegistry registries = binding.registries();
        Tags tags = b.systemTags().and("kind", kind);
        Gauge.builder("goakt.actors.active", this, g -> g.snapshot.get().active().getOrDefault(kind, 0))
                .description("Live actors")
                .tags(tags)
                .register(registries);
        Gauge.builder("goakt.mailbox.size", this, g -> g.snapshot.get().mailbox().getOrDefault(kind, 0))
                .description("Messages waiting in mailboxes")
                .tags(tags)
                .register(registries);
        Timer processing = Timer.builder("goakt.message.processing")
                .description("Time actors spend handling one message")
                .tags(tags)
                .register(registries);
        Counter processed = Counter.builder("goakt.messages.processed")
                .description("Messages actors have handled")
                .tags(tags)
                .register(registries);
        Counter restarts = Counter.builder("goakt.restarts")
                .description("Actor restarts after failures or operator requests")
                .tags(tags)
                .register(registries);
        return new KindMeters(kind, processing, processed, restarts);
    }

    /** A fresh count of live actors and queued messages per kind, or null before binding. */
    private Snapshot takeSnapshot() {
        SystemMeterBinding.Bound b = binding.bound();
        if (b == null) {
            return null;
        }
        List<ActorInfo> actors = b.system().actors();
        Map<String, Integer> active = new HashMap<>();
        Map<String, Integer> mailbox = new HashMap<>();
        for (ActorInfo i : actors) {
            String kind = kindOf(i.kind());
            if (kind != null) {
                active.merge(kind, 1, Integer::sum);
                mailbox.merge(kind, i.mailboxSize(), Integer::sum);
            }
        }
        return new Snapshot(active, mailbox);
    }

    private String kindOf(String className) {
        return className == null ? null : kindOfClass.apply(className);
    }
}
