package io.goakt.actor;

import io.goakt.internal.actor.InternalActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Metadata carried with a message (as remoting delivers it) reaches receive, interceptors and the stash. */
class HeadersTest {

    private final List<String> seenByInterceptor = new CopyOnWriteArrayList<>();
    private final ActorSystem system = ActorSystem.create("headers", ActorSystemConfig.builder()
            .interceptor((ctx, next) -> {
                seenByInterceptor.add(ctx.message() + ":" + ctx.headers().getOrDefault("trace", "-"));
                next.proceed();
            }).build());

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void headersReachTheActorSurviveTheStashAndVanishAfterTheMessage() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("traced", () -> new Actor() {
            boolean open;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if ("open".equals(m)) {
                    open = true;
                    ctx.unstashAll();
                } else if (m instanceof String s && !open) {
                    ctx.stash();
                } else if (m instanceof String s) {
                    seen.add(s + ":" + ctx.headers().getOrDefault("trace", "-"));
                }
            }
        }, SpawnOptions.defaults());
        InternalActorRef internal = (InternalActorRef) ref;
        internal.tell("a", null, Map.of("trace", "t-1"));
        ref.tell("b");
        internal.tell("open", null, Map.of("trace", "t-2"));
        internal.tell("c", null, Map.of("trace", "t-3"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("a:t-1", "b:-", "c:t-3");
        assertThat(seenByInterceptor).contains("a:t-1", "open:t-2", "c:t-3");
    }
}
