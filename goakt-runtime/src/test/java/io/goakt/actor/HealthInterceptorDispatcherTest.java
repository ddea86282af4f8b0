package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.dispatch.Dispatchers;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorUnhealthy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthInterceptorDispatcherTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    static final class Patient implements Actor {
        boolean healthy = true;

        @Override
        public void receive(ReceiveContext ctx) {
            if ("sicken".equals(ctx.message())) {
                healthy = false;
                ctx.respond("sick");
            } else if ("healthy?".equals(ctx.message())) {
                ctx.respond(healthy);
            }
        }
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void failingHealthProbePublishesUnhealthyAndTheSupervisorRestartsAfterTheThreshold() throws Exception {
        ManualScheduler time = new ManualScheduler();
        system = ActorSystem.create("health", ActorSystemConfig.builder().scheduler(time).build());
        Recorder unhealthy = new Recorder(system, "unhealthy");
        system.eventStream().subscribe(ActorUnhealthy.class, unhealthy.ref);
        Recorder restarted = new Recorder(system, "restarted");
        system.eventStream().subscribe(ActorRestarted.class, restarted.ref);
        HealthCheck check = new HealthCheck(Duration.ofSeconds(1), 2, a -> ((Patient) a).healthy);
        ActorRef ref = system.spawn("patient", Patient::new, SpawnOptions.builder().healthCheck(check).build());

        time.advance(Duration.ofSeconds(1)); // healthy probe: nothing published
        assertThat(ask(ref, "sicken")).isEqualTo("sick");
        time.advance(Duration.ofSeconds(1));
        assertThat(unhealthy.next(ActorUnhealthy.class).consecutiveFailures()).isEqualTo(1);
        restarted.expectNoMessage(Duration.ofMillis(100));
        time.advance(Duration.ofSeconds(1));
        assertThat(unhealthy.next(ActorUnhealthy.class).consecutiveFailures()).isEqualTo(2);
        ActorRestarted r = restarted.next(ActorRestarted.class);
        assertThat(r.actor()).isEqualTo(ref);
        assertThat(r.cause()).isInstanceOf(ActorUnhealthyException.class);
        assertThat(ask(ref, "healthy?")).isEqualTo(true); // a fresh instance
    }

    @Test
    void interceptorsRunSystemFirstThenActorAndCanSwallow() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        system = ActorSystem.create("intercept", ActorSystemConfig.builder()
                .interceptor((ctx, next) -> {
                    if (ctx.message() == PostStart.INSTANCE) {
                        next.proceed(); // arrives at a time the test does not control; keep it out of the trace
                        return;
                    }
                    trace.add("system>" + ctx.message());
                    next.proceed();
                    trace.add("system<");
                }).build());
        ReceiveInterceptor actorLevel = (ctx, next) -> {
            if ("secret".equals(ctx.message())) {
                trace.add("swallowed");
                ctx.respond("denied");
                return;
            }
            if (ctx.message() != PostStart.INSTANCE) {
                trace.add("actor>");
            }
            next.proceed();
        };
        ActorRef ref = system.spawn("guarded", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof String s) {
                trace.add("receive " + s);
                ctx.respond("ok");
            }
        }), SpawnOptions.builder().interceptors(actorLevel).build());
        assertThat(ask(ref, "hello")).isEqualTo("ok");
        assertThat(ask(ref, "secret")).isEqualTo("denied");
        // The reply can overtake the outer interceptor's last line: wait for the chain to unwind.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> trace.size() >= 7);
        assertThat(trace).containsExactly("system>hello", "actor>", "receive hello", "system<",
                "system>secret", "swallowed", "system<");
    }

    @Test
    void anActorCanRunOnADispatcherOfItsOwn() throws Exception {
        system = ActorSystem.create("dispatch", ActorSystemConfig.builder()
                .dispatcher(Dispatchers.fromExecutor("blocking", Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "blocking-io");
                    t.setDaemon(true);
                    return t;
                }), true)).build());
        ActorRef io = system.spawn("io", () -> Actors.fromFunction(ctx -> {
            if ("thread?".equals(ctx.message())) {
                ctx.respond(Thread.currentThread().getName());
            }
        }), SpawnOptions.builder().dispatcher("blocking").build());
        ActorRef cpu = system.spawnFromFunction("cpu", ctx -> {
            if ("thread?".equals(ctx.message())) {
                ctx.respond(Thread.currentThread().getName());
            }
        });
        assertThat(ask(io, "thread?")).isEqualTo("blocking-io");
        assertThat((String) ask(cpu, "thread?")).startsWith("goakt-dispatch-dispatcher-");
        assertThatThrownBy(() -> system.spawn("x", () -> Actors.fromFunction(ctx -> { }),
                SpawnOptions.builder().dispatcher("nope").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope")
                .hasMessageContaining("blocking");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualDispatcherRunsActorsOnVirtualThreads() throws Exception {
        system = ActorSystem.create("virtual");
        AtomicInteger handled = new AtomicInteger();
        ActorRef ref = system.spawn("v", () -> Actors.fromFunction(ctx -> {
            if ("virtual?".equals(ctx.message())) {
                handled.incrementAndGet();
                ctx.respond(Thread.currentThread().toString());
            }
        }), SpawnOptions.builder().dispatcher(Dispatchers.VIRTUAL).build());
        assertThat((String) ask(ref, "virtual?")).startsWith("VirtualThread");
        assertThat(system.inspect("v").orElseThrow().dispatcher()).isEqualTo("virtual");
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualDispatcherIsRefusedClearlyBeforeJava21() {
        system = ActorSystem.create("novirtual");
        assertThatThrownBy(() -> system.spawn("v", () -> Actors.fromFunction(ctx -> { }),
                SpawnOptions.builder().dispatcher(Dispatchers.VIRTUAL).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtual");
    }
}
