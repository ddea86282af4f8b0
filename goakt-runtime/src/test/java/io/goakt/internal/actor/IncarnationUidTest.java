package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Incarnation numbers: remote refs, remote death watch and the cluster registry tell two incarnations of one path
 * apart by uid alone, so a re-spawned name must not take the uid of an earlier incarnation (see
 * {@code CellState.uid}).
 */
class IncarnationUidTest {

    private LocalActorSystem system;

    @AfterEach
    void shutdown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /** Counts the strings it handles. */
    private static final class Counting implements Actor {
        final AtomicInteger handled;
        final CountDownLatch first;

        Counting(AtomicInteger handled, CountDownLatch first) {
            this.handled = handled;
            this.first = first;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof String) {
                handled.incrementAndGet();
                first.countDown();
            }
        }
    }

    /**
     * 100,000 incarnations of one name: with 32 random bits some two of them would share a uid more often than not
     * (about 1 - e^-1.16, 69%); from the system's counter none may.
     */
    @Test
    void aNameRespawnedAHundredThousandTimesNeverRepeatsAUid() throws Exception {
        system = new LocalActorSystem("uids", ActorSystemConfig.defaults());
        int incarnations = 100_000;
        Set<Long> seen = new HashSet<>(incarnations * 2);
        for (int i = 0; i < incarnations; i++) {
            ActorRef ref = system.spawnFromFunction("w", ctx -> { }, SpawnOptions.defaults());
            long uid = ref.uid();
            assertThat(uid).as("incarnation %d", i).isNotZero();
            assertThat(seen.add(uid)).as("incarnation %d repeats uid %d", i, uid).isTrue();
            system.stop(ref).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefToAStoppedIncarnationNeitherEqualsNorReachesTheNextOne() throws Exception {
        system = new LocalActorSystem("uids", ActorSystemConfig.defaults());
        AtomicInteger oldHandled = new AtomicInteger();
        ActorRef old = system.spawn("w", () -> new Counting(oldHandled, new CountDownLatch(1)), SpawnOptions.defaults());
        system.stop(old).toCompletableFuture().get(30, TimeUnit.SECONDS);
        AtomicInteger newHandled = new AtomicInteger();
        CountDownLatch reached = new CountDownLatch(1);
        ActorRef fresh = system.spawn("w", () -> new Counting(newHandled, reached), SpawnOptions.defaults());
        long deadBefore = system.deadLetterCount();

        old.tell("to the old incarnation");
        fresh.tell("to the new incarnation");

        assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fresh.path()).isEqualTo(old.path());
        assertThat(fresh.uid()).isNotEqualTo(old.uid());
        assertThat(fresh).isNotEqualTo(old);
        await().atMost(Duration.ofSeconds(30)).until(() -> system.deadLetterCount() == deadBefore + 1);
        assertThat(newHandled.get()).isEqualTo(1);
        assertThat(oldHandled.get()).isZero();
    }
}
