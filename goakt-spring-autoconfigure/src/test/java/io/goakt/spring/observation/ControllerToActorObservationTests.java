package io.goakt.spring.observation;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The observation of an HTTP request is the root of the observations of the actor messages its controller sends. */
class ControllerToActorObservationTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final TraceHandler trace = new TraceHandler();
    private final ActorSystem system;

    ControllerToActorObservationTests() {
        registry.observationConfig().observationHandler(trace);
        system = ActorSystem.create("web", ActorSystemConfig.builder()
                .messageContextHook(new ObservationMessageContextHook(registry, "web", null, null)).build());
    }

    @AfterEach
    void shutdown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    record Order(String id) {
    }

    /** Passes each Order on to the next actor, if any, and records it. */
    static final class Step implements Actor {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final ActorRef next;

        Step(ActorRef next) {
            this.next = next;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Order o) {
                seen.add(o.id());
                if (next != null) {
                    ctx.tell(next, o);
                }
            }
        }
    }

    @RestController
    static final class OrderController {
        private final ActorRef orders;

        OrderController(ActorRef orders) {
            this.orders = orders;
        }

        @PostMapping("/orders")
        String place() {
            orders.tell(new Order("o-1"));
            return "accepted";
        }
    }

    @Test
    void aControllersTellContinuesTheRequestsObservationThroughTwoActors() throws Exception {
        Step billing = new Step(null);
        ActorRef billingRef = system.spawnInstance("billing", billing); // the test reads this instance's record
        ActorRef orders = system.spawn("orders", () -> new Step(billingRef));
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new OrderController(orders))
                .addFilters(new ServerHttpObservationFilter(registry)).build();

        mvc.perform(post("/orders")).andExpect(status().isOk());
        await().atMost(30, TimeUnit.SECONDS).until(() -> trace.named("goakt.message.receive").size() == 2);

        Observation.Context request = trace.named("http.server.requests").get(0);
        List<Observation.Context> sends = trace.named("goakt.message.send");
        List<Observation.Context> receives = trace.named("goakt.message.receive");
        assertThat(sends.get(0).getParentObservation().getContextView()).isSameAs(request);
        assertThat(receives.get(0).getParentObservation().getContextView()).isSameAs(sends.get(0));
        assertThat(sends.get(1).getParentObservation().getContextView()).isSameAs(receives.get(0));
        assertThat(receives.get(1).getParentObservation().getContextView()).isSameAs(sends.get(1));
        assertThat(billing.seen).containsExactly("o-1");
        assertThat(List.of(sends.get(0), sends.get(1), receives.get(0), receives.get(1)))
                .extracting(TraceHandler::traceOf).containsOnly(TraceHandler.traceOf(request));
    }
}
