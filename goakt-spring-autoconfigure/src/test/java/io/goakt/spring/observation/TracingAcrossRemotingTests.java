package io.goakt.spring.observation;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a real tracer (Brave through micrometer-tracing), a request's trace id is the trace id of every span of the
 * messages it causes, across remoting between two actor systems: the trace travels in the message headers.
 */
class TracingAcrossRemotingTests {

    private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();
    private final Tracing tracing = Tracing.newBuilder()
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .sampler(Sampler.ALWAYS_SAMPLE)
            .addSpanHandler(new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                }
            }).build();
    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        systems.forEach(s -> s.shutdown(Duration.ofSeconds(10)));
        tracing.close();
    }

    /** A registry whose observations become Brave spans, propagated through carriers, as Spring Boot wires it. */
    private ObservationRegistry tracedRegistry() {
        BraveTracer tracer = new BraveTracer(tracing.tracer(),
                new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
        BravePropagator propagator = new BravePropagator(tracing);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        return registry;
    }

    private Remoting node(String name, ObservationRegistry registry, Serialization serialization) {
        ActorSystem system = ActorSystem.create(name, ActorSystemConfig.builder()
                .messageContextHook(new ObservationMessageContextHook(registry, name, null, null)).build());
        systems.add(system);
        return Remoting.start(system, RemotingConfig.builder().serialization(serialization).build());
    }

    record Hop(String text) {
    }

    /** Passes each Hop on to the next actor, if any. */
    static final class Relay implements Actor {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final ActorRef next;

        Relay(ActorRef next) {
            this.next = next;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Hop h) {
                seen.add(h.text());
                if (next != null) {
                    ctx.tell(next, h);
                }
            }
        }
    }

    @Test
    void oneTraceIdSpansARequestAndTheActorsItReachesOnTwoNodes() {
        Serialization serialization = Serialization.builder().register("test.Hop", Hop.class).build();
        // Each node has its own registry, as two applications would: only the headers connect them.
        ObservationRegistry alphaRegistry = tracedRegistry();
        Remoting alpha = node("alpha", alphaRegistry, serialization);
        Remoting beta = node("beta", tracedRegistry(), serialization);
        Relay tail = new Relay(null);
        ActorRef tailRef = beta.system().spawnInstance("tail", tail); // the test reads this instance's record
        beta.system().spawn("back", () -> new Relay(tailRef));
        ActorRef front = alpha.system().spawn("front",
                () -> new Relay(alpha.actorRef(beta.endpoint(), "beta", "back")));

        Observation request = Observation.start("http.server.requests", alphaRegistry);
        try (Observation.Scope ignored = request.openScope()) {
            front.tell(new Hop("far"));
        } finally {
            request.stop();
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> tail.seen.contains("far") && spans.size() == 7);

        MutableSpan root = spans.stream().filter(s -> "http.server.requests".equals(s.name())).findFirst()
                .orElseThrow();
        assertThat(spans).extracting(MutableSpan::traceId).containsOnly(root.traceId());
        assertThat(spans).extracting(MutableSpan::name).filteredOn(n -> n.startsWith("receive "))
                .hasSize(3);
        assertThat(spans).extracting(MutableSpan::name).filteredOn(n -> n.startsWith("tell ")).hasSize(3);
        assertThat(spans).extracting(MutableSpan::kind).contains(brave.Span.Kind.PRODUCER, brave.Span.Kind.CONSUMER);
    }
}
