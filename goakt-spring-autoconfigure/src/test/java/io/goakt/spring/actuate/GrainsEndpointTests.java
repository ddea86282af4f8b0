package io.goakt.spring.actuate;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GrainsEndpointTests {

    private final ActorSystem system = ActorSystem.create("grains-endpoint");
    private final GrainsEndpoint endpoint = new GrainsEndpoint(system);

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void aSystemWithoutGrainsReportsNoneAndGetsNoRegistry() {
        assertThat(endpoint.grains()).isEqualTo(new GrainsEndpoint.GrainsDescriptor(List.of(), 0, Map.of()));
        assertThat(system.extension(GrainRegistry.class)).isEmpty();
    }

    @Test
    void listsRegisteredKindsAndActiveIdsByKind() throws Exception {
        GrainRegistry grains = Grains.of(system);
        grains.register("cart", () -> ctx -> ctx.respond("ok"));
        grains.register("wishlist", () -> ctx -> ctx.respond("ok"));
        assertThat(endpoint.grains()).isEqualTo(new GrainsEndpoint.GrainsDescriptor(List.of("cart", "wishlist"), 0,
                Map.of()));
        for (String user : new String[] {"bob", "alice"}) {
            grains.ref("cart", user).ask("hi", Duration.ofSeconds(10)).toCompletableFuture().get();
        }
        GrainsEndpoint.GrainsDescriptor d = endpoint.grains();
        assertThat(d.activeCount()).isEqualTo(2);
        assertThat(d.active()).containsExactly(Map.entry("cart", List.of("alice", "bob")));
        grains.deactivate(GrainIdentity.of("cart", "bob")).toCompletableFuture().get();
        await().untilAsserted(() -> assertThat(endpoint.grains().active())
                .containsExactly(Map.entry("cart", List.of("alice"))));
    }
}
