package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link ActorSystem#walkActors}: the order of {@code actors()}, parents by position, details for the first few. */
class WalkActorsTest {

    private ActorSystem system;

    private record Visit(int parent, ActorRef ref, long processed, ActorInfo detail) {
    }

    @BeforeEach
    void tree() throws Exception {
        system = ActorSystem.create("walk-actors");
        for (String top : List.of("a", "b")) {
            system.spawnFromFunction(top, ctx -> {
                if (ctx.message() instanceof PostStart) {
                    for (int i = 0; i < 3; i++) {
                        ctx.spawnChild("c" + i, () -> c -> {
                            if (c.message() instanceof PostStart) {
                                c.spawnChild("g", () -> g -> { }, SpawnOptions.defaults());
                            }
                        }, SpawnOptions.defaults());
                    }
                }
                if ("ping".equals(ctx.message())) {
                    ctx.respond("pong");
                }
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> system.actorCount() == 14);
        system.actorOf("a").ask("ping", Duration.ofSeconds(30)).toCompletableFuture().get();
        // The reply leaves during the turn, and the turn counts its messages when it ends.
        await().atMost(Duration.ofSeconds(30)).until(() -> system.actors().stream()
                .filter(i -> i.path().endsWith("/user/a")).findFirst().orElseThrow().processedCount() == 1);
    }

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private static List<Visit> walk(ActorSystem on, int detailed) {
        List<Visit> visits = new ArrayList<>();
        on.walkActors(detailed, (parent, ref, processed, detail) -> visits.add(new Visit(parent, ref, processed, detail)));
        return visits;
    }

    private void assertWalkMatchesActors(List<Visit> visits, int detailed) {
        List<ActorInfo> infos = system.actors();
        assertThat(visits).extracting(v -> v.ref().path()).containsExactlyElementsOf(
                infos.stream().map(ActorInfo::path).toList());
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            String path = v.ref().path();
            String parentPath = path.substring(0, path.lastIndexOf('/'));
            if (v.parent() < 0) {
                assertThat(system.lookup(parentPath)).as(path).isEmpty(); // a top-level actor: its parent is a guardian
            } else {
                assertThat(v.parent()).as(path).isLessThan(i);
                assertThat(visits.get(v.parent()).ref().path()).isEqualTo(parentPath);
            }
            assertThat(v.processed()).as(path).isEqualTo(infos.get(i).processedCount());
            if (i < detailed) {
                assertThat(v.detail()).as(path).isNotNull();
                assertThat(v.detail().ref()).isSameAs(v.ref());
                assertThat(v.detail().kind()).isEqualTo(infos.get(i).kind());
                assertThat(v.detail().state()).isEqualTo(ActorInfo.State.RUNNING);
                assertThat(v.detail().processedCount()).isEqualTo(v.processed());
                assertThat(v.detail().children()).isEmpty();
            } else {
                assertThat(v.detail()).as(path).isNull();
            }
        }
    }

    @Test
    void theWalkVisitsEveryActorInTheOrderOfActorsWithItsParentsPositionAndDetailsForTheFirstFew() {
        List<Visit> visits = walk(system, 3);
        assertThat(visits).hasSize(14);
        assertWalkMatchesActors(visits, 3);
        assertThat(visits.stream().filter(v -> v.ref().name().equals("a")).findFirst().orElseThrow().processed())
                .isEqualTo(1); // the ping
    }

    @Test
    void aStoppedSubtreeIsNotWalked() throws Exception {
        system.stop(system.actorOf("b")).toCompletableFuture().get();
        List<Visit> visits = walk(system, Integer.MAX_VALUE);
        assertThat(visits).hasSize(7).allSatisfy(v -> assertThat(v.ref().path()).doesNotContain("/b"));
        assertWalkMatchesActors(visits, Integer.MAX_VALUE);
    }

    @Test
    void theDefaultWalkOverActorsGivesTheSameVisits() {
        InvocationHandler delegate = (proxy, method, args) -> {
            if (method.isDefault() && method.getName().equals("walkActors")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(system, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        ActorSystem other = (ActorSystem) Proxy.newProxyInstance(ActorSystem.class.getClassLoader(),
                new Class<?>[] {ActorSystem.class}, delegate);
        List<Visit> visits = walk(other, 5);
        assertWalkMatchesActors(visits, 5);
        assertThat(visits).extracting(Visit::parent).containsExactlyElementsOf(
                walk(system, 0).stream().map(Visit::parent).toList());
    }
}
