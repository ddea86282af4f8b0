package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.Actors;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.EvictionPolicy;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An {@link Evictable} instance that declines stays a candidate, and the next check may evict it. */
class EvictableDeclineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ManualScheduler time = new ManualScheduler();
    private final ActorSystem system = ActorSystem.create("decline", ActorSystemConfig.builder().scheduler(time)
            .eviction(EvictionPolicy.lru(1).withInterval(Duration.ofSeconds(10))).build());

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /** Declines its first eviction, then stops on the next. */
    private static final class Reluctant implements Actor, Evictable {
        final AtomicInteger asked;

        Reluctant(AtomicInteger asked) {
            this.asked = asked;
        }

        @Override
        public void receive(ReceiveContext ctx) {
        }

        @Override
        public boolean evict(ReceiveContext self) {
            if (asked.incrementAndGet() == 1) {
                return false;
            }
            self.stop();
            return true;
        }
    }

    @Test
    void aDecliningActorIsReadmittedAndEvictedByALaterCheck() {
        Eviction evictor = ((LocalActorSystem) system).evictor().orElseThrow();
        AtomicInteger asked = new AtomicInteger();
        system.spawn("reluctant", () -> new Reluctant(asked), SpawnOptions.defaults()); // a candidate by its type
        assertThat(evictor.candidateCount()).isEqualTo(1);
        // One over the cap:
        system.spawn("long-lived", () -> Actors.fromFunction(ctx -> { }), SpawnOptions.defaults());

        await().atMost(WAIT).until(() -> asked.get() == 1);
        await().atMost(WAIT).until(() -> evictor.candidateCount() == 1); // declined: a candidate again
        assertThat(system.lookup("reluctant")).isPresent();

        time.advance(Duration.ofSeconds(10)); // the periodic check finds the system still over its cap
        await().atMost(WAIT).until(() -> system.lookup("reluctant").isEmpty());
        assertThat(asked).hasValue(2);
        await().atMost(WAIT).until(() -> system.actorCount() == 1);
        assertThat(evictor.candidateCount()).isZero();
        assertThat(system.lookup("long-lived")).isPresent();
    }
}
