package io.goakt.spring.observation;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tells and asks become send and receive observations that continue the caller's trace, locally and remotely. */
class ObservationMessageContextHookTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final TraceHandler trace = new TraceHandler();
    private final List<ActorSystem> systems = new ArrayList<>();

    ObservationMessageContextHookTests() {
        registry.observationConfig().observationHandler(trace);
    }

    @AfterEach
    void shutdown() {
        systems.forEach(s -> s.shutdown(Duration.ofSeconds(10)));
    }

    private ActorSystem system(String name) {
        ActorSystem s = ActorSystem.create(name, ActorSystemConfig.builder()
                .messageContextHook(new ObservationMessageContextHook(registry, name, null, null)).build());
        systems.add(s);
        return s;
    }

    record Hop(String text) {
    }

    /** Records each Hop and passes it on to the next actor; the last one answers the Hop "q". */
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
                } else if (h.text().equals("q")) {
                    ctx.respond(new Hop("back"));
                }
            }
        }
    }

    private Observation.Context root(Runnable action) {
        Observation request = Observation.start("test.request", registry);
        try (Observation.Scope ignored = request.openScope()) {
            action.run();
        } finally {
            request.stop();
        }
        return request.getContext();
    }

    @Test
    void aTellFromARequestContinuesThroughTwoActorsAsAParentChain() {
        ActorSystem system = system("local");
        ActorRef b = system.spawn("b", () -> new Relay(null));
        ActorRef a = system.spawn("a", () -> new Relay(b));

        Observation.Context request = root(() -> a.tell(new Hop("one")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 2);

        List<Observation.Context> sends = trace.named("goakt.message.send");
        List<Observation.Context> receives = trace.named("goakt.message.receive");
        assertThat(sends).hasSize(2);
        Observation.Context sendA = sends.get(0);
        Observation.Context receiveA = receives.get(0);
        Observation.Context sendB = sends.get(1);
        Observation.Context receiveB = receives.get(1);
        assertThat(sendA.getParentObservation().getContextView()).isSameAs(request);
        assertThat(receiveA.getParentObservation().getContextView()).isSameAs(sendA);
        assertThat(sendB.getParentObservation().getContextView()).isSameAs(receiveA);
        assertThat(receiveB.getParentObservation().getContextView()).isSameAs(sendB);
        assertThat(List.of(sendA, receiveA, sendB, receiveB)).extracting(TraceHandler::traceOf)
                .containsOnly(TraceHandler.traceOf(request));
        assertThat(sendA.getContextualName()).isEqualTo("tell " + Relay.class.getName());
        assertThat(receiveB.getContextualName()).isEqualTo("receive " + Relay.class.getName());
        assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
    }

    /** Throws on every Hop. */
    static final class Failing implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Hop h) {
                throw new IllegalStateException("cannot handle " + h.text());
            }
        }
    }

    @Test
    void aHandlerThatThrowsRecordsItsExceptionOnTheReceiveObservation() {
        ActorSystem system = system("local");
        ActorRef failing = system.spawn("failing", Failing::new);

        root(() -> failing.tell(new Hop("one")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 1);

        Observation.Context receive = trace.named("goakt.message.receive").get(0);
        assertThat(receive.getError()).isInstanceOf(IllegalStateException.class).hasMessage("cannot handle one");
        assertThat(trace.named("goakt.message.send").get(0).getError()).isNull();
    }

    @Test
    void theKindIsWhatTheKindFunctionMakesOfTheActorsClass() {
        ActorSystem s = ActorSystem.create("named", ActorSystemConfig.builder()
                .messageContextHook(new ObservationMessageContextHook(registry, "named", null, null,
                        className -> className.equals(Relay.class.getName()) ? "relay" : className))
                .build());
        systems.add(s);
        ActorRef b = s.spawn("b", () -> new Relay(null));

        root(() -> b.tell(new Hop("one")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 1);

        assertThat(trace.named("goakt.message.send").get(0).getLowCardinalityKeyValue("kind").getValue())
                .isEqualTo("relay");
        assertThat(trace.named("goakt.message.receive").get(0).getContextualName()).isEqualTo("receive relay");
    }

    @Test
    void keyValuesAreLowCardinalityAndNameNoActor() {
        ActorSystem system = system("local");
        ActorRef b = system.spawn("b", () -> new Relay(null));
        root(() -> b.tell(new Hop("one")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 1);

        Observation.Context send = trace.named("goakt.message.send").get(0);
        assertThat(send.getLowCardinalityKeyValues().stream().map(KeyValue::getKey))
                .containsExactlyInAnyOrder("system", "kind", "message.type", "operation");
        assertThat(send.getLowCardinalityKeyValue("system").getValue()).isEqualTo("local");
        assertThat(send.getLowCardinalityKeyValue("kind").getValue()).isEqualTo(Relay.class.getName());
        assertThat(send.getLowCardinalityKeyValue("message.type").getValue()).isEqualTo("Hop");
        assertThat(send.getLowCardinalityKeyValue("operation").getValue()).isEqualTo("tell");
        assertThat(send.getHighCardinalityKeyValues()).isEmpty();

        Observation.Context receive = trace.named("goakt.message.receive").get(0);
        assertThat(receive.getLowCardinalityKeyValues().stream().map(KeyValue::getKey))
                .containsExactlyInAnyOrder("system", "kind", "message.type");
        assertThat(receive.getHighCardinalityKeyValues()).isEmpty();
        for (Observation.Context c : List.of(send, receive)) {
            assertThat(c.getLowCardinalityKeyValues().stream().map(KeyValue::getValue))
                    .noneMatch(v -> v.contains("/") || v.contains("goakt://"));
        }
    }

    @Test
    void anAskIsObservedAsAnAsk() throws Exception {
        ActorSystem system = system("local");
        ActorRef b = system.spawn("b", () -> new Relay(null));
        Object[] reply = new Object[1];
        root(() -> reply[0] = b.ask(new Hop("q"), Duration.ofSeconds(30)));
        assertThat(((java.util.concurrent.CompletionStage<?>) reply[0]).toCompletableFuture()
                .get(30, TimeUnit.SECONDS)).isEqualTo(new Hop("back"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 1);
        Observation.Context send = trace.named("goakt.message.send").get(0);
        assertThat(send.getLowCardinalityKeyValue("operation").getValue()).isEqualTo("ask");
        assertThat(send.getContextualName()).isEqualTo("ask " + Relay.class.getName());
    }

    @Test
    void aTellOutsideAnyObservationIsNotObserved() {
        ActorSystem system = system("local");
        Relay b = new Relay(null);
        ActorRef ref = system.spawnInstance("b", b); // the test reads this instance's record
        ref.tell(new Hop("untraced"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> b.seen.contains("untraced"));
        assertThat(trace.stopped).isEmpty();
    }

    @Test
    void oneTraceSpansAChainThatCrossesRemotingBetweenTwoSystems() {
        Serialization serialization = Serialization.builder().register("test.Hop", Hop.class).build();
        ActorSystem alpha = system("alpha");
        ActorSystem beta = system("beta");
        Remoting a = Remoting.start(alpha, RemotingConfig.builder().serialization(serialization).build());
        Remoting b = Remoting.start(beta, RemotingConfig.builder().serialization(serialization).build());
        ActorRef tailRef = beta.spawn("tail", () -> new Relay(null));
        beta.spawn("back", () -> new Relay(tailRef));
        ActorRef front = alpha.spawn("front", () -> new Relay(a.actorRef(b.endpoint(), "beta", "back")));

        Observation.Context request = root(() -> front.tell(new Hop("far")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 3);

        List<Observation.Context> observed = new ArrayList<>(trace.named("goakt.message.send"));
        observed.addAll(trace.named("goakt.message.receive"));
        assertThat(observed).hasSize(6).extracting(TraceHandler::traceOf)
                .containsOnly(TraceHandler.traceOf(request));
        Observation.Context remoteSend = observed.stream()
                .filter(c -> "unknown".equals(c.getLowCardinalityKeyValue("kind").getValue())).findFirst()
                .orElseThrow();
        assertThat(remoteSend.getLowCardinalityKeyValue("system").getValue()).isEqualTo("alpha");
        Observation.Context remoteReceive = trace.named("goakt.message.receive").stream()
                .filter(c -> "beta".equals(c.getLowCardinalityKeyValue("system").getValue()))
                .filter(c -> c.getParentObservation() == null).findFirst().orElseThrow();
        assertThat(((GoaktReceiveContext) remoteReceive).getCarrier()).containsKey(TraceHandler.HEADER);
    }
}
