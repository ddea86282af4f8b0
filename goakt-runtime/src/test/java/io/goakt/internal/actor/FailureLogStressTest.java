package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.SpawnOptions;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many actors failing at once, fed from many threads: the failure log never writes more than its bucket allows, and
 * every failure is either a line or in a summary's count, exactly.
 */
class FailureLogStressTest {

    private static final int ACTORS = 16;
    private static final int FAILURES_EACH = 50;
    private static final int THREADS = 8;

    @Test
    void linesPlusSuppressedEqualsFailuresAndTheBucketHolds() throws Exception {
        RecordingLogSink sink = new RecordingLogSink();
        AtomicLong frozen = new AtomicLong(); // no time passes: the bucket never earns a line after its burst
        LocalActorSystem system = new LocalActorSystem("stress", ActorSystemConfig.defaults(), sink, frozen::get);
        SpawnOptions resume = SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()).build();
        List<ActorRef> actors = new ArrayList<>();
        for (int i = 0; i < ACTORS; i++) {
            actors.add(system.spawn("acc-" + i, SystemLogTest.Account::new, resume));
        }
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                sent.add(CompletableFuture.runAsync(() -> {
                    for (int a = thread; a < ACTORS; a += THREADS) {
                        for (int i = 0; i < FAILURES_EACH; i++) {
                            actors.get(a).tell(new SystemLogTest.Deposit(i), null);
                        }
                    }
                }, senders));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            senders.shutdownNow();
        }
        for (ActorRef a : actors) {
            // Each failure suspends the actor until its parent decided and logged: the answer comes after all.
            assertThat(system.ask(a, "ping", Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isEqualTo("pong");
        }
        system.shutdown(Duration.ofSeconds(30)); // reports what is still counted

        assertThat(sink.failures()).hasSize(SystemLog.FAILURE_BURST);
        assertThat(sink.failures().size() + sink.suppressedFailures()).isEqualTo((long) ACTORS * FAILURES_EACH);
    }
}
