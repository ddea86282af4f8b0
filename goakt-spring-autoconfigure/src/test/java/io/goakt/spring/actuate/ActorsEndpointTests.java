package io.goakt.spring.actuate;

import io.goakt.actor.Actor;
import io.goakt.actor.Actors;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.router.Routers;
import io.goakt.router.RoutingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ActorsEndpointTests {

    private final ActorSystem system = ActorSystem.create("endpoint-test");
    private static final org.springframework.boot.actuate.endpoint.SecurityContext OPS = OperatorContext.OPERATOR;
    private final ActorsEndpoint endpoint = new ActorsEndpoint(system);

    /** Spawns a child named "kid" on start. */
    static final class Parent implements Actor {
        @Override
        public void preStart(io.goakt.actor.Context ctx) {
            ctx.spawnChild("kid", () -> Actors.fromFunction(c -> { }));
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond("ok");
            }
        }
    }

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void summaryGroupsActorsByKind() {
        system.spawn("parent", Parent::new, SpawnOptions.defaults());
        ActorsEndpoint.SystemDescriptor summary = endpoint.actors();
        assertThat(summary.name()).isEqualTo("endpoint-test");
        assertThat(summary.running()).isTrue();
        assertThat(summary.actorCount()).isEqualTo(2);
        assertThat(summary.kinds()).containsEntry(Parent.class.getName(), java.util.List.of("/user/parent"));
        assertThat(summary.kinds().values()).flatMap(l -> l).contains("/user/parent/kid");
    }

    @Test
    void routersAreMarkedInTheSummaryAndInTheirSnapshotWithTheirRouteeCount() {
        system.spawn("pool", Routers.pool(3, () -> ctx -> { }, RoutingStrategy.roundRobin()), SpawnOptions.defaults());
        system.spawn("parent", Parent::new, SpawnOptions.defaults());
        await().until(() -> system.inspect("pool").map(i -> i.children().size()).orElse(0) == 3);
        ActorsEndpoint.SystemDescriptor summary = endpoint.actors();
        assertThat(summary.routers()).containsExactly("/user/pool");
        ActorsEndpoint.ActorDescriptor pool = descriptor("pool");
        assertThat(pool.router()).isTrue();
        assertThat(pool.routees()).isEqualTo(3);
        ActorsEndpoint.ActorDescriptor routee = descriptor("pool", "routee-0");
        assertThat(routee.router()).isFalse();
        assertThat(routee.routees()).isNull();
        assertThat(descriptor("parent").router()).isFalse();
    }

    @Test
    void detailByNameAndByPath() throws Exception {
        ActorRef parent = system.spawn("parent", Parent::new, SpawnOptions.defaults());
        parent.ask("hi", Duration.ofSeconds(5)).toCompletableFuture().get();
        WebEndpointResponse<Object> response = endpoint.actor(new String[] {"parent"});
        assertThat(response.getStatus()).isEqualTo(200);
        ActorsEndpoint.ActorDescriptor d = (ActorsEndpoint.ActorDescriptor) response.getBody();
        assertThat(d.path()).isEqualTo("/user/parent");
        assertThat(d.status()).isEqualTo("RUNNING");
        assertThat(d.children()).containsExactly("/user/parent/kid");
        // the counters are updated after the batch that sent the reply
        await().untilAsserted(() -> {
            ActorsEndpoint.ActorDescriptor later = descriptor("parent");
            assertThat(later.processedCount()).isGreaterThanOrEqualTo(1);
            assertThat(later.lastMessageTime()).isNotNull();
        });
        assertThat(descriptor("parent", "kid").path()).isEqualTo("/user/parent/kid");
    }

    private ActorsEndpoint.ActorDescriptor descriptor(String... path) {
        return (ActorsEndpoint.ActorDescriptor) endpoint.actor(path).getBody();
    }

    @Test
    void actorsWithGeneratedNamesAreFoundByNameAndByPath() {
        ActorRef top = system.spawn(Parent::new, SpawnOptions.defaults());
        assertThat(top.name()).startsWith("$");
        assertThat(descriptor(top.name()).path()).isEqualTo("/user/" + top.name());
        assertThat(descriptor(top.name(), "kid").path()).isEqualTo("/user/" + top.name() + "/kid");
        assertThat(endpoint.control(new String[] {top.name()}, "stop", OPS).getStatus()).isEqualTo(200);
        await().until(() -> system.lookup(top.name()).isEmpty());
    }

    @Test
    void unknownNameIs404WithABodyNamingIt() {
        WebEndpointResponse<Object> read = endpoint.actor(new String[] {"nobody"});
        assertThat(read.getStatus()).isEqualTo(404);
        assertThat(read.getBody()).isEqualTo(java.util.Map.of("error", "no actor named 'nobody'", "actor", "nobody"));
        assertThat(endpoint.actor(new String[] {"parent", "nobody"}).getBody())
                .isEqualTo(java.util.Map.of("error", "no actor at 'parent/nobody'", "actor", "parent/nobody"));
        WebEndpointResponse<java.util.Map<String, String>> write = 
                endpoint.control(new String[] {"nobody"}, "stop", OPS);
        assertThat(write.getStatus()).isEqualTo(404);
        assertThat(write.getBody()).containsEntry("error", "no actor named 'nobody'");
    }

    @Test
    void restartAndStopAreWriteOperations() {
        ActorRef parent = system.spawn("parent", Parent::new, SpawnOptions.defaults());
        CopyOnWriteArrayList<ActorRestarted> restarts = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(ActorRestarted.class, restarts::add);
        assertThat(endpoint.control(new String[] {"parent"}, "restart", OPS).getStatus()).isEqualTo(200);
        await().until(() -> !restarts.isEmpty());
        assertThat(restarts.get(0).actor()).isEqualTo(parent);
        assertThat(endpoint.control(new String[] {"parent"}, "explode", OPS).getStatus()).isEqualTo(400);
        assertThat(endpoint.control(new String[] {"parent"}, "stop", OPS).getStatus()).isEqualTo(200);
        await().until(() -> system.lookup("parent").isEmpty());
    }

    @Test
    void suspendShowsSuspendedUntilReinstated() throws Exception {
        ActorRef parent = system.spawn("parent", Parent::new, SpawnOptions.defaults());
        assertThat(endpoint.control(new String[] {"parent"}, "suspend", OPS).getStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> descriptor("parent").status().equals("SUSPENDED"));
        assertThat(descriptor("parent", "kid").status()).as("the subtree waits too").isEqualTo("SUSPENDED");
        java.util.concurrent.CompletableFuture<Object> reply = parent.ask("hi", Duration.ofSeconds(30))
                .toCompletableFuture();
        await().atMost(Duration.ofSeconds(30)).until(() -> descriptor("parent").mailboxSize() == 1);
        assertThat(reply).isNotDone();
        assertThat(endpoint.control(new String[] {"parent"}, "reinstate", OPS).getStatus()).isEqualTo(200);
        assertThat(reply.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(30)).until(() -> descriptor("parent").status().equals("RUNNING")
                && descriptor("parent", "kid").status().equals("RUNNING"));
        assertThat(endpoint.control(new String[] {"nobody"}, "suspend", OPS).getStatus()).isEqualTo(404);
    }

    @Test
    void writeOperationsNeedTheOperatorRoleUnlessMadeWithoutIt() {
        ActorRef parent = system.spawn("parent", Parent::new, SpawnOptions.defaults());
        WebEndpointResponse<java.util.Map<String, String>> viewer =
                endpoint.control(new String[] {"parent"}, "stop", OperatorContext.VIEWER);
        assertThat(viewer.getStatus()).isEqualTo(403);
        assertThat(viewer.getBody().get("error")).contains("GOAKT_OPERATOR");
        assertThat(endpoint.control(new String[] {"parent"}, "stop",
                org.springframework.boot.actuate.endpoint.SecurityContext.NONE).getStatus()).isEqualTo(401);
        assertThat(system.lookup("parent")).contains(parent);

        ActorsEndpoint open = new ActorsEndpoint(system, io.goakt.spring.internal.KindNames.CLASS_NAMES, false);
        assertThat(open.control(new String[] {"parent"}, "stop",
                org.springframework.boot.actuate.endpoint.SecurityContext.NONE).getStatus()).isEqualTo(200);
        await().until(() -> system.lookup("parent").isEmpty());
    }
}
