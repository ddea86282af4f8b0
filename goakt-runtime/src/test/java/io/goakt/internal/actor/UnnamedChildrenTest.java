package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Children and top-level actors spawned without a name get a generated one: unique under their parent, never one a
 * user may choose, resolvable by path, and a churn of them leaves the children table as small as it was.
 */
class UnnamedChildrenTest {

    private static final int SPAWNS = 100_000;

    private LocalActorSystem system;

    @BeforeEach
    void startSystem() {
        system = new LocalActorSystem("unnamed", ActorSystemConfig.defaults());
    }

    @AfterEach
    void stopSystem() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private record SpawnMany(int count, CountDownLatch done) {
    }

    private record SpawnedNames(List<String> names) {
    }

    private static final Object INSPECT = new Object();

    private static final class Idle implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }

    /** Handles one message, replies with its own name and stops. */
    private static final class OneShot implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            ctx.respond(ctx.self().name());
            ctx.stop();
        }
    }

    /** Spawns unnamed children and reports their names; keeps them alive. */
    private static final class Parent implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof SpawnMany s) {
                List<String> names = new ArrayList<>(s.count());
                for (int i = 0; i < s.count(); i++) {
                    names.add(ctx.spawnChild(Idle::new, SpawnOptions.defaults()).name());
                }
                ctx.respond(new SpawnedNames(names));
            } else if (ctx.message() instanceof String userName) {
                ctx.respond(ctx.spawnChild(userName, Idle::new, SpawnOptions.defaults()).name());
            } else if (ctx.message() == INSPECT) {
                ChildMap map = ((ActorCell) ctx).childMap();
                ctx.respond(map == null ? 0 : map.capacity());
            }
        }
    }

    private <T> T ask(ActorRef to, Object message, Class<T> type) throws Exception {
        return to.ask(message, type, Duration.ofSeconds(60)).toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    @Test
    void unnamedChildrenGetDistinctNamesOverAHundredThousandSpawns() throws Exception {
        ActorRef parent = system.spawn("parent", Parent::new, SpawnOptions.defaults());
        SpawnedNames names = ask(parent, new SpawnMany(SPAWNS, null), SpawnedNames.class);
        Set<String> distinct = new HashSet<>(names.names());
        assertThat(distinct).hasSize(SPAWNS);
        assertThat(distinct).allMatch(n -> n.startsWith("$"));
        // Generated names resolve by path like chosen ones.
        assertThat(system.actorOf("parent/" + names.names().get(SPAWNS - 1))).isInstanceOf(LocalActorRef.class);
        assertThat(system.actorOf("goakt://unnamed/user/parent/" + names.names().get(0)))
                .isInstanceOf(LocalActorRef.class);
    }

    @Test
    void generatedNamesNeverClashWithUserNamedChildren() throws Exception {
        ActorRef parent = system.spawn("parent", Parent::new, SpawnOptions.defaults());
        List<String> userNames = List.of("0", "1", "a", "z", "10", "_0");
        List<String> spawnedUser = new ArrayList<>();
        for (String n : userNames) {
            spawnedUser.add(ask(parent, n, String.class));
        }
        SpawnedNames generated = ask(parent, new SpawnMany(1_000, null), SpawnedNames.class);
        assertThat(generated.names()).doesNotContainAnyElementsOf(spawnedUser);
        // The prefix of generated names is one a user cannot write.
        assertThatThrownBy(() -> Names.validate(generated.names().get(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> system.spawn(generated.names().get(0), Idle::new, SpawnOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChurnOfUnnamedChildrenKeepsTheChildrenTableBounded() throws Exception {
        ActorRef parent = system.spawnFromFunction("churner", ctx -> {
            if (ctx.message() instanceof SpawnMany s) {
                for (int i = 0; i < s.count(); i++) {
                    ctx.spawnChild(OneShot::new, SpawnOptions.defaults()).tell("go", ctx.self());
                }
            } else if (ctx.message() == INSPECT) {
                ActorCell cell = (ActorCell) ctx;
                ChildMap map = cell.childMap();
                ctx.respond(new int[] {cell.childCells().size(), map == null ? 0 : map.capacity()});
            }
        }, SpawnOptions.defaults());
        for (int round = 0; round < 5; round++) {
            parent.tell(new SpawnMany(20_000, null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int[] t = ask(parent, INSPECT, int[].class);
            while (t[0] != 0 && System.nanoTime() < deadline) {
                t = ask(parent, INSPECT, int[].class);
            }
            assertThat(t[0]).as("live children after round %d", round).isZero();
            assertThat(t[1]).as("table capacity after round %d", round).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void topLevelActorsSpawnedFromManyThreadsWithoutANameGetDistinctNames() throws Exception {
        int threads = 4;
        int each = 2_000;
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> spawners = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        names.add(system.spawn(Idle::new, SpawnOptions.defaults()).name());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            th.start();
            spawners.add(th);
        }
        start.countDown();
        for (Thread th : spawners) {
            th.join(TimeUnit.SECONDS.toMillis(120));
        }
        assertThat(names).hasSize(threads * each).allMatch(n -> n.startsWith("$"));
        assertThat(system.actorCount()).isGreaterThanOrEqualTo(threads * each);
    }
}
