package io.goakt.spring.web;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.AskTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class GoaktExceptionHandlerTests {

    @RestController
    static class AskingController {
        private final ActorSystem system = ActorSystem.create("web-test");

        @GetMapping("/silent")
        CompletableFuture<Object> silent() {
            // an actor that never replies: the ask times out
            return system.spawnFromFunction("silent-" + System.nanoTime(), ctx -> { })
                    .ask("hello", Duration.ofMillis(50)).toCompletableFuture();
        }

        @GetMapping("/gone")
        CompletableFuture<Object> gone() {
            return system.actorOf("nobody").ask("hello", Duration.ofSeconds(5)).toCompletableFuture();
        }

        @GetMapping("/no-such-grain-kind")
        Object unknownGrainKind() {
            return io.goakt.grain.Grains.of(system).ref("carts", "alice");
        }

        @GetMapping("/direct")
        Object direct() {
            throw new ActorNotAliveException("stopped");
        }
    }

    private final AskingController controller = new AskingController();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(controller)
            .setControllerAdvice(new GoaktExceptionHandler()).build();

    @AfterEach
    void stop() {
        controller.system.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void askTimeoutIs504() throws Exception {
        MvcResult started = mvc.perform(get("/silent")).andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isGatewayTimeout());
        org.assertj.core.api.Assertions.assertThat(started.getAsyncResult(5000)).isInstanceOf(AskTimeoutException.class);
    }

    @Test
    void deadTargetIs503() throws Exception {
        MvcResult started = mvc.perform(get("/gone")).andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/direct")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void unknownGrainKindIs503LikeAnUnknownActor() throws Exception {
        mvc.perform(get("/no-such-grain-kind")).andExpect(status().isServiceUnavailable());
    }
}
