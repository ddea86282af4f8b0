package io.goakt.pattern;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.Status;
import io.goakt.pattern.CircuitBreaker.State;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The breaker's states and transitions on a manual clock: reset and call timeouts pass only when the test says. */
class CircuitBreakerTest {

    private static final Duration RESET = Duration.ofSeconds(10);

    private final ManualScheduler clock = new ManualScheduler();
    private final List<CircuitBreakerStateChanged> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger bodies = new AtomicInteger();
    private ActorSystem system;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("breaker", ActorSystemConfig.builder().scheduler(clock).build());
        system.eventStream().subscribe(CircuitBreakerStateChanged.class, events::add);
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private CircuitBreaker.Builder builder(int maxFailures) {
        return CircuitBreaker.builder().name("dep").system(system).maxFailures(maxFailures).resetTimeout(RESET);
    }

    private <T> CompletionStage<T> counted(CompletionStage<T> stage) {
        bodies.incrementAndGet();
        return stage;
    }

    private CompletableFuture<Object> fail(CircuitBreaker breaker) {
        return breaker.call(() -> counted(CompletableFuture.failedFuture(new IllegalStateException("down"))))
                .toCompletableFuture();
    }

    private CompletableFuture<Object> succeed(CircuitBreaker breaker) {
        return breaker.call(() -> counted(CompletableFuture.<Object>completedFuture("ok"))).toCompletableFuture();
    }

    private static CircuitBreakerOpenException refusal(CompletableFuture<?> call) {
        assertThat(call).isCompletedExceptionally();
        Throwable cause = call.handle((v, e) -> e).join();
        assertThat(cause).isInstanceOf(CircuitBreakerOpenException.class);
        return (CircuitBreakerOpenException) cause;
    }

    private static CircuitBreakerStateChanged change(State from, State to) {
        return new CircuitBreakerStateChanged("dep", from, to);
    }

    private void open(CircuitBreaker breaker) {
        for (int i = 0; i < 3; i++) {
            fail(breaker);
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void maxFailuresConsecutiveFailuresOpenTheBreakerAndCallsThenFailFastSayingWhenItRetries() {
        CircuitBreaker breaker = builder(3).build();
        fail(breaker);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.failureCount()).isEqualTo(2);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(events).containsExactly(change(State.CLOSED, State.OPEN));

        int before = bodies.get();
        CircuitBreakerOpenException refused = refusal(succeed(breaker));
        assertThat(bodies.get()).as("a refused call does not run").isEqualTo(before);
        assertThat(refused.breaker()).isEqualTo("dep");
        assertThat(refused.retryIn()).isEqualTo(RESET);
        assertThat(refused).hasMessageContaining("'dep' is open").hasMessageContaining(RESET.toString());

        clock.advance(Duration.ofSeconds(4));
        assertThat(refusal(succeed(breaker)).retryIn()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aSuccessWhileClosedResetsTheFailureCount() {
        CircuitBreaker breaker = builder(3).build();
        fail(breaker);
        fail(breaker);
        assertThat(succeed(breaker)).isCompletedWithValue("ok");
        assertThat(breaker.failureCount()).isZero();
        fail(breaker);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(events).isEmpty();
    }

    @Test
    void afterTheResetTimeoutExactlyOneTrialRunsAndItsSuccessClosesTheBreaker() {
        CircuitBreaker breaker = builder(3).build();
        open(breaker);
        clock.advance(RESET);
        int before = bodies.get();

        CompletableFuture<Object> pending = new CompletableFuture<>();
        CompletableFuture<Object> trial = breaker.call(() -> counted(pending)).toCompletableFuture();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        CircuitBreakerOpenException refused = refusal(succeed(breaker));
        assertThat(refused.retryIn()).isZero();
        assertThat(refused).hasMessageContaining("half-open");
        assertThat(bodies.get()).as("only the trial ran").isEqualTo(before + 1);

        pending.complete("back");
        assertThat(trial).isCompletedWithValue("back");
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(events).containsExactly(change(State.CLOSED, State.OPEN), change(State.OPEN, State.HALF_OPEN),
                change(State.HALF_OPEN, State.CLOSED));
        assertThat(succeed(breaker)).isCompletedWithValue("ok");
    }

    @Test
    void aFailedTrialReopensTheBreakerWithAGrowingResetTimeoutUpToTheMaxAndClosingRestoresIt() {
        CircuitBreaker breaker = builder(3).exponentialBackoff(2.0, Duration.ofSeconds(25)).build();
        open(breaker);
        clock.advance(RESET);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(refusal(succeed(breaker)).retryIn()).isEqualTo(Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(20));
        fail(breaker);
        assertThat(refusal(succeed(breaker)).retryIn()).isEqualTo(Duration.ofSeconds(25));

        clock.advance(Duration.ofSeconds(25));
        assertThat(succeed(breaker)).isCompletedWithValue("ok");
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        open(breaker);
        assertThat(refusal(succeed(breaker)).retryIn()).isEqualTo(RESET);
    }

    @Test
    void aCallOutlivingTheCallTimeoutFailsWithTimeoutExceptionCountsAsAFailureAndItsLateSuccessIsIgnored() {
        CircuitBreaker breaker = builder(1).callTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<Object> pending = new CompletableFuture<>();
        CompletableFuture<Object> call = breaker.call(() -> pending).toCompletableFuture();

        clock.advance(Duration.ofSeconds(2).minusMillis(1));
        assertThat(call).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(call::join).hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("'dep'");
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        pending.complete("too late");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aBodyThatThrowsCountsAsAFailureAndItsExceptionCompletesTheCall() {
        CircuitBreaker breaker = builder(1).build();
        CompletableFuture<Object> call = breaker.call(() -> {
            throw new IllegalArgumentException("bad request");
        }).toCompletableFuture();
        assertThatThrownBy(call::join).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void anOutcomeOfACallAdmittedBeforeTheBreakerOpenedDoesNotCloseIt() {
        CircuitBreaker breaker = builder(1).build();
        CompletableFuture<Object> slow = new CompletableFuture<>();
        breaker.call(() -> slow);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        slow.complete("late success");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void anActorPipingAnAskThroughTheBreakerGetsTheAskTimeoutAndThenTheFastRefusal() throws Exception {
        CircuitBreaker breaker = builder(1).build();
        ActorRef silent = system.spawnFromFunction("silent", ctx -> { });
        Recorder probe = new Recorder(system, "probe");
        ActorRef client = system.spawnFromFunction("client", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.pipeTo(breaker.call(() -> ctx.ask(silent, "q", Duration.ofSeconds(1))), probe.ref);
            }
        });
        int armed = clock.pending();
        client.tell("go");
        await().atMost(Duration.ofSeconds(30)).until(() -> clock.pending() >= armed + 2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(((Status.Failure) probe.next()).cause()).isInstanceOf(AskTimeoutException.class);

        client.tell("go");
        Status.Failure refused = probe.next(Status.Failure.class);
        assertThat(refused.cause()).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(events).containsExactly(change(State.CLOSED, State.OPEN));
    }

    @Test
    void invalidSettingsFailNamingTheSetting() {
        assertThatThrownBy(() -> CircuitBreaker.builder().maxFailures(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> CircuitBreaker.builder().callTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> CircuitBreaker.builder().resetTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetTimeout");
        assertThatThrownBy(() -> CircuitBreaker.builder().exponentialBackoff(1.0, RESET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor");
        assertThatThrownBy(() -> builder(3).exponentialBackoff(2.0, Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResetTimeout");
        assertThatThrownBy(() -> CircuitBreaker.builder().system(system).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> CircuitBreaker.builder().name("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("system");
        assertThatThrownBy(() -> builder(3).maxFailures(4))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxFailures is already set to 3");
        assertThatThrownBy(() -> CircuitBreaker.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }
}
