package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActorSystemTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null && system.isRunning()) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void configBuilderRejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> ActorSystemConfig.builder().throughput(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("throughput");
        assertThatThrownBy(() -> ActorSystemConfig.builder().askTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("askTimeout");
        assertThatThrownBy(() -> ActorSystemConfig.builder().parallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> ActorSystemConfig.builder().stashCapacity(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stashCapacity");
    }

    @Test
    void configBuilderIsSetOnceAndNamesTheOldValue() {
        ActorSystemConfig.Builder b = ActorSystemConfig.builder().askTimeout(Duration.ofSeconds(2));
        assertThatThrownBy(() -> b.askTimeout(Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PT2S");
        ActorSystemConfig c = b.build();
        assertThat(c.askTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.throughput()).isEqualTo(ActorSystemConfig.DEFAULT_THROUGHPUT);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void spinningIsAdaptiveByDefaultSetOnceAndNeverNull() {
        assertThat(ActorSystemConfig.defaults().spinning()).isEqualTo(io.goakt.dispatch.Spinning.ADAPTIVE);
        ActorSystemConfig.Builder b = ActorSystemConfig.builder().spinning(io.goakt.dispatch.Spinning.OFF);
        assertThatThrownBy(() -> b.spinning(io.goakt.dispatch.Spinning.REDUCED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("OFF");
        assertThat(b.build().spinning()).isEqualTo(io.goakt.dispatch.Spinning.OFF);
        assertThatThrownBy(() -> ActorSystemConfig.builder().spinning(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("spinning");
    }

    @Test
    void rejectsBadSystemAndActorNames() {
        assertThatThrownBy(() -> ActorSystem.create("bad name")).isInstanceOf(IllegalArgumentException.class);
        system = ActorSystem.create("names");
        assertThatThrownBy(() -> system.spawnFromFunction("a/b", ctx -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
        assertThatThrownBy(() -> system.spawnFromFunction("$x", ctx -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> system.spawnFromFunction("", ctx -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateNameIsAnErrorNeverASilentReplace() {
        system = ActorSystem.create("dup");
        ActorRef first = system.spawnFromFunction("orders", ctx -> { });
        assertThatThrownBy(() -> system.spawnFromFunction("orders", ctx -> { }))
                .isInstanceOf(ActorAlreadyExistsException.class).hasMessageContaining("/user/orders");
        assertThat(system.lookup("orders")).contains(first);
    }

    @Test
    void nameCanBeReusedOnceTheActorHasStopped() throws Exception {
        system = ActorSystem.create("reuse");
        ActorRef first = system.spawnFromFunction("a", ctx -> { });
        system.stop(first).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ActorRef second = system.spawnFromFunction("a", ctx -> { });
        assertThat(second).isNotEqualTo(first);
        assertThat(second.path()).isEqualTo(first.path());
        assertThat(system.lookup("a")).contains(second);
    }

    @Test
    void lookupByNameAndByPath() {
        system = ActorSystem.create("lookup");
        CountDownLatch spawned = new CountDownLatch(1);
        ActorRef parent = system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("kid", () -> Actors.fromFunction(c -> { }));
                spawned.countDown();
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        });
        assertThat(system.lookup("parent")).contains(parent);
        assertThat(system.lookup("/user/parent")).contains(parent);
        assertThat(system.lookup("parent/kid")).isPresent();
        assertThat(system.lookup("/user/parent/kid").orElseThrow().path()).isEqualTo("/user/parent/kid");
        assertThat(system.lookup("goakt://lookup/user/parent")).contains(parent);
        assertThat(system.lookup("nobody")).isEmpty();
        assertThat(system.lookup("/user/parent/nobody")).isEmpty();
    }

    @Test
    void shutdownStopsChildrenBeforeParentsAndRunsEveryPostStop() {
        system = ActorSystem.create("order");
        List<String> stopped = new CopyOnWriteArrayList<>();
        class Node implements Actor {
            final int depth;

            Node(int depth) {
                this.depth = depth;
            }

            @Override
            public void preStart(Context ctx) {
                if (depth < 3) {
                    ctx.spawnChild("c1", () -> new Node(depth + 1));
                    ctx.spawnChild("c2", () -> new Node(depth + 1));
                }
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }

            @Override
            public void postStop(Context ctx) {
                stopped.add(ctx.self().path());
            }
        }
        system.spawn("root1", () -> new Node(0));
        system.spawn("root2", () -> new Node(0));
        assertThat(system.actorCount()).isEqualTo(2 * 15);

        system.shutdown(Duration.ofSeconds(10));

        assertThat(stopped).hasSize(30).doesNotHaveDuplicates();
        for (String path : stopped) {
            int idx = stopped.indexOf(path);
            String parentPath = path.substring(0, path.lastIndexOf('/'));
            if (!parentPath.equals("/user")) {
                assertThat(stopped.indexOf(parentPath)).as("parent of %s stops after it", path).isGreaterThan(idx);
            }
        }
        assertThat(system.isRunning()).isFalse();
        assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
        assertThat(system.actorCount()).isZero();
        assertThatThrownBy(() -> system.spawnFromFunction("late", ctx -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
    }

    @Test
    void shutdownTimeoutNamesTheActorsThatDidNotStop() throws Exception {
        system = ActorSystem.create("slow");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inPostStop = new CountDownLatch(1);
        system.spawn("stuck", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
            }

            @Override
            public void postStop(Context ctx) throws Exception {
                inPostStop.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
        });
        system.spawnFromFunction("quick", ctx -> { });
        try {
            // Generous for the actor that stops at once (a loaded machine can delay it past a few hundred ms), short
            // next to the 30 s the stuck one blocks in postStop.
            assertThatThrownBy(() -> system.shutdown(Duration.ofSeconds(5)))
                    .isInstanceOf(ShutdownTimeoutException.class)
                    .satisfies(e -> assertThat(((ShutdownTimeoutException) e).notStopped())
                            .containsExactly("/user/stuck"));
            assertThat(inPostStop.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void twoSystemsInOneJvmShareNothing() throws Exception {
        system = ActorSystem.create("one");
        try (ActorSystem other = ActorSystem.create("two")) {
            system.spawnFromFunction("echo", ctx -> ctx.respond("one"));
            other.spawnFromFunction("echo", ctx -> ctx.respond("two"));
            assertThat(system.actorOf("echo").ask("?", Duration.ofSeconds(5)).toCompletableFuture().get())
                    .isEqualTo("one");
            assertThat(other.actorOf("echo").ask("?", Duration.ofSeconds(5)).toCompletableFuture().get())
                    .isEqualTo("two");
            assertThat(system.lookup("echo").orElseThrow()).isNotEqualTo(other.lookup("echo").orElseThrow());
        }
    }

    @Test
    void extensionsArePerSystemCreatedOnceAndClosedOnShutdown() {
        system = ActorSystem.create("ext");
        class Ext implements AutoCloseable {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        }
        Ext a = system.extension(Ext.class, s -> new Ext());
        Ext b = system.extension(Ext.class, s -> new Ext());
        assertThat(a).isSameAs(b);
        assertThat(system.extension(Ext.class)).containsSame(a);
        system.shutdown(Duration.ofSeconds(10));
        assertThat(a.closed).isTrue();
    }

    @Test
    void extensionsCloseInReverseOrderOfCreationSoOneBuiltOnAnotherClosesFirst() {
        system = ActorSystem.create("ext-order");
        List<String> closed = new CopyOnWriteArrayList<>();
        record First(List<String> log) implements AutoCloseable {
            @Override
            public void close() {
                log.add("first");
            }
        }
        record Second(List<String> log) implements AutoCloseable {
            @Override
            public void close() {
                log.add("second");
            }
        }
        record Third(List<String> log) implements AutoCloseable {
            @Override
            public void close() {
                log.add("third");
            }
        }
        system.extension(First.class, s -> new First(closed));
        system.extension(Second.class, s -> new Second(closed));
        system.extension(Third.class, s -> new Third(closed));
        system.shutdown(Duration.ofSeconds(10));
        assertThat(closed).containsExactly("third", "second", "first");
    }

    @Test
    void inspectAndActorsGiveSnapshots() throws Exception {
        system = ActorSystem.create("inspect");
        ActorRef echo = system.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.respond(ctx.message());
            }
        });
        for (int i = 0; i < 5; i++) {
            echo.ask("m" + i, Duration.ofSeconds(5)).toCompletableFuture().get();
        }
        // Counters are updated once per turn, so the last reply can arrive just before its turn is counted.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> system.inspect("echo").orElseThrow().processedCount() == 5);
        ActorInfo info = system.inspect("echo").orElseThrow();
        assertThat(info.path()).isEqualTo("/user/echo");
        assertThat(info.state()).isEqualTo(ActorInfo.State.RUNNING);
        assertThat(info.processedCount()).isEqualTo(5); // the five asks; PostStart is not counted
        assertThat(info.lastMessageTime()).isNotNull();
        assertThat(info.dispatcher()).isEqualTo("default");
        assertThat(system.actors()).extracting(ActorInfo::path).containsExactly("/user/echo");
        assertThat(system.inspect("missing")).isEmpty();
    }

    @Test
    void processedCountLeavesOutThePostStartOfEveryInstance() throws Exception {
        system = ActorSystem.create("inspect-restart");
        ActorRef worker = system.spawnFromFunction("worker", ctx -> {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
            if (ctx.message() instanceof String) {
                ctx.respond(ctx.message());
            }
        });
        worker.ask("a", Duration.ofSeconds(5)).toCompletableFuture().get();
        worker.tell("boom");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> system.inspect("worker").orElseThrow().restartCount() == 1);
        worker.ask("b", Duration.ofSeconds(5)).toCompletableFuture().get();
        // "a", "boom" (it failed, but it was handled), "b": two PostStarts ran and neither counts
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> system.inspect("worker").orElseThrow().processedCount() == 3);
        worker.ask("c", Duration.ofSeconds(5)).toCompletableFuture().get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> system.inspect("worker").orElseThrow().processedCount() == 4);
    }
}
