package io.goakt.spring.web;

import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.MessageNotHandledException;
import io.goakt.cluster.NameRegistrationException;
import io.goakt.grain.GrainActivationException;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainUnavailableException;
import io.goakt.remote.RemoteFailureException;
import io.goakt.remote.RemoteUnreachableException;
import io.goakt.spring.NoSuchActorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class GoaktExceptionHandlerTests {

    /** A message type whose binary name has a '$', as most applications' nested message records do. */
    record Slow() {
    }

    private static final GrainIdentity CART = GrainIdentity.of("cart", "alice");

    /** What each directly thrown failure looks like, as the runtime words its message. */
    private static final Map<String, Supplier<RuntimeException>> THROWN = Map.ofEntries(
            Map.entry("not-alive", () -> new ActorNotAliveException("no actor at /user/notifier#3f2k1")),
            Map.entry("no-such-actor", () -> new NoSuchActorException("audit", "no actor named 'audit' is running"
                    + " and no @ActorComponent declares it; declared: [accounts, io.goakt.sample.Internal$Kind]")),
            Map.entry("exists", () -> new ActorAlreadyExistsException("/user/account-alice")),
            Map.entry("full", () -> new MailboxFullException("/user/account-alice", 10)),
            Map.entry("unhandled", () -> new MessageNotHandledException(
                    "goakt://web-test/user/x#1a did not handle io.goakt.Messages$Slow")),
            Map.entry("remote-failure", () -> new RemoteFailureException(
                    "java.lang.IllegalStateException: boom at io.goakt.sample.Actor$Inner")),
            Map.entry("unreachable", () -> new RemoteUnreachableException(
                    "connection to goakt://bank@10.0.0.7:7355 lost")),
            Map.entry("grain-unavailable", () -> new GrainUnavailableException(CART, "partition 17 handing over")),
            Map.entry("grain-activation", () -> new GrainActivationException(CART,
                    new IllegalStateException("db down at com.example.Store$Impl"))),
            Map.entry("name-registration", () -> new NameRegistrationException(
                    "no quorum on goakt://bank@10.0.0.7:7355 for name account-alice")));

    @RestController
    static class AskingController {
        private final ActorSystem system = ActorSystem.create("web-test",
                ActorSystemConfig.builder().askTimeout(Duration.ofMillis(200)).build());

        @GetMapping("/silent")
        CompletableFuture<Object> silent() {
            // an actor that never replies: the ask times out after the system's default
            return system.spawnFromFunction("silent-" + System.nanoTime(), ctx -> { })
                    .ask(new Slow()).toCompletableFuture();
        }

        @GetMapping("/silent-explicit")
        CompletableFuture<Object> silentExplicit() {
            return system.spawnFromFunction("silent-" + System.nanoTime(), ctx -> { })
                    .ask(new Slow(), Duration.ofMillis(50)).toCompletableFuture();
        }

        @GetMapping("/gone")
        CompletableFuture<Object> gone() {
            return system.actorOf("nobody").ask("hello", Duration.ofSeconds(5)).toCompletableFuture();
        }

        @GetMapping("/no-such-grain-kind")
        Object unknownGrainKind() {
            return io.goakt.grain.Grains.of(system).ref("carts", "alice");
        }

        @GetMapping("/thrown/{what}")
        Object thrown(@PathVariable String what) {
            throw THROWN.get(what).get();
        }
    }

    private final AskingController controller = new AskingController();

    private MockMvc mvc(GoaktExceptionHandler handler) {
        return MockMvcBuilders.standaloneSetup(controller).setControllerAdvice(handler).build();
    }

    private final MockMvc mvc = mvc(new GoaktExceptionHandler());

    @AfterEach
    void stop() {
        controller.system.shutdown(Duration.ofSeconds(5));
    }

    private MvcResult async(MockMvc mvc, String path) throws Exception {
        MvcResult started = mvc.perform(get(path)).andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started)).andReturn();
    }

    /** No actor address, incarnation id, path or Java class name. */
    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("goakt://", "ActorRef[", "/user/", "#", "$", "io.goakt", "java.",
                "com.example", "10.0.0.7");
    }

    @Test
    void askTimeoutIs504SayingHowLongItWaitedWithoutInternals() throws Exception {
        MvcResult started = mvc.perform(get("/silent")).andExpect(request().asyncStarted()).andReturn();
        assertThat(started.getAsyncResult(30_000)).isInstanceOf(AskTimeoutException.class);
        MvcResult result = mvc.perform(asyncDispatch(started))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.type").value("urn:goakt:problem:ask-timeout"))
                .andExpect(jsonPath("$.title").value("Actor did not reply in time"))
                .andExpect(jsonPath("$.detail").value("The actor did not reply within 200 ms."))
                .andExpect(jsonPath("$.timeout").value("PT0.2S"))
                .andExpect(jsonPath("$.exceptionMessage").doesNotExist())
                .andReturn();
        assertNoInternals(result.getResponse().getContentAsString());
    }

    @Test
    void anExplicitAskTimeoutIsTheOneReported() throws Exception {
        mvc.perform(asyncDispatch(mvc.perform(get("/silent-explicit")).andReturn()))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.detail").value("The actor did not reply within 50 ms."))
                .andExpect(jsonPath("$.timeout").value("PT0.05S"));
    }

    @Test
    void optingInAddsTheExceptionMessageBesideThePlainDetail() throws Exception {
        MockMvc verbose = mvc(new GoaktExceptionHandler(true));
        MvcResult started = verbose.perform(get("/silent")).andExpect(request().asyncStarted()).andReturn();
        AskTimeoutException timeout = (AskTimeoutException) started.getAsyncResult(30_000);
        verbose.perform(asyncDispatch(started))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.detail").value("The actor did not reply within 200 ms."))
                .andExpect(jsonPath("$.exceptionMessage").value(timeout.getMessage()));
        assertThat(timeout.getMessage()).contains("goakt://", "$Slow");
        verbose.perform(get("/thrown/no-such-actor"))
                .andExpect(jsonPath("$.detail").value("No actor named 'audit'."))
                .andExpect(jsonPath("$.exceptionMessage").value(THROWN.get("no-such-actor").get().getMessage()));
    }

    @Test
    void deadTargetIs503() throws Exception {
        MvcResult gone = async(mvc, "/gone");
        assertThat(gone.getResponse().getStatus()).isEqualTo(503);
        assertNoInternals(gone.getResponse().getContentAsString());
        mvc.perform(get("/thrown/not-alive")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("urn:goakt:problem:actor-not-alive"))
                .andExpect(jsonPath("$.detail").value("The actor is not running."));
    }

    @Test
    void unknownGrainKindIs503LikeAnUnknownActor() throws Exception {
        mvc.perform(get("/no-such-grain-kind")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("urn:goakt:problem:unknown-grain-kind"))
                .andExpect(jsonPath("$.detail").value("No grain kind named 'carts'."))
                .andExpect(jsonPath("$.kind").value("carts"));
    }

    @Test
    void anUndeclaredActorNameIsNamedAsTheCallerGaveIt() throws Exception {
        mvc.perform(get("/thrown/no-such-actor")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("urn:goakt:problem:no-such-actor"))
                .andExpect(jsonPath("$.detail").value("No actor named 'audit'."))
                .andExpect(jsonPath("$.actor").value("audit"));
    }

    @Test
    void grainFailuresCarryTheGrainsKindAndId() throws Exception {
        mvc.perform(get("/thrown/grain-unavailable")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.kind").value("cart")).andExpect(jsonPath("$.id").value("alice"));
        mvc.perform(get("/thrown/grain-activation")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.kind").value("cart")).andExpect(jsonPath("$.id").value("alice"));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("not-alive", ActorProblem.ACTOR_NOT_ALIVE),
                Arguments.of("no-such-actor", ActorProblem.NO_SUCH_ACTOR),
                Arguments.of("exists", ActorProblem.ACTOR_ALREADY_EXISTS),
                Arguments.of("full", ActorProblem.MAILBOX_FULL),
                Arguments.of("unhandled", ActorProblem.MESSAGE_NOT_HANDLED),
                Arguments.of("remote-failure", ActorProblem.REMOTE_FAILURE),
                Arguments.of("unreachable", ActorProblem.REMOTE_UNREACHABLE),
                Arguments.of("grain-unavailable", ActorProblem.GRAIN_UNAVAILABLE),
                Arguments.of("grain-activation", ActorProblem.GRAIN_ACTIVATION_FAILED),
                Arguments.of("name-registration", ActorProblem.NAME_REGISTRATION_FAILED));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("failures")
    void everyMappedFailureAnswersItsProblemTypeWithoutInternals(String what, ActorProblem problem)
            throws Exception {
        MvcResult result = mvc.perform(get("/thrown/" + what))
                .andExpect(status().is(problem.status().value()))
                .andExpect(jsonPath("$.type").value(problem.type().toString()))
                .andExpect(jsonPath("$.title").value(problem.title()))
                .andExpect(jsonPath("$.status").value(problem.status().value()))
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.exceptionMessage").doesNotExist())
                .andReturn();
        assertNoInternals(result.getResponse().getContentAsString());
    }

    @Test
    void aTakenNameIs409NamingTheActor() throws Exception {
        mvc.perform(get("/thrown/exists")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("An actor named 'account-alice' already exists."))
                .andExpect(jsonPath("$.actor").value("account-alice"));
    }

    @Test
    void durationsReadAsWords() {
        assertThat(GoaktExceptionHandler.words(Duration.ofMillis(200))).isEqualTo("200 ms");
        assertThat(GoaktExceptionHandler.words(Duration.ofMillis(1500))).isEqualTo("1500 ms");
        assertThat(GoaktExceptionHandler.words(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(GoaktExceptionHandler.words(Duration.ofSeconds(5))).isEqualTo("5 seconds");
        assertThat(GoaktExceptionHandler.words(Duration.ofMinutes(2))).isEqualTo("2 minutes");
    }
}
