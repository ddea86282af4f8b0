package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SpawnOptions.Builder#dependency}: objects an actor reaches with {@link Context#dependency}. */
class DependenciesTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    interface Clock {
        long now();
    }

    @Test
    void dependenciesSurviveRestarts() throws Exception {
        system = ActorSystem.create("deps");
        Clock fixed = () -> 42L;
        ActorRef ref = system.spawn("dep", () -> Actors.fromFunction(ctx -> {
            if ("now".equals(ctx.message())) {
                ctx.respond(ctx.dependency(Clock.class).now());
            } else if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            } else if ("missing".equals(ctx.message())) {
                ctx.respond(ctx.dependency(String.class));
            }
        }), SpawnOptions.builder().dependency(fixed).build());
        assertThat(ask(ref, "now")).isEqualTo(42L);
        ref.tell("boom");
        assertThat(ask(ref, "now")).isEqualTo(42L);
        assertThatThrownBy(() -> SpawnOptions.builder().dependency("a").dependency("b"))
                .isInstanceOf(IllegalStateException.class);
    }
}
