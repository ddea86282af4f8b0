package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Context;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.ClusterActors;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.internal.ActorKinds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ActorComponent(clusterUnique = true, relocatable = true)}: refused without {@code clusterUnique}; in a
 * cluster of two application contexts on 127.0.0.1, the actor moves to the remaining member when its member shuts
 * down, starts there once, and reloads its state from a store both members share.
 */
class RelocatableActorComponentTests {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class));

    private ClusterMembers members;

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    /** The application's store, shared by both members as a database would be. */
    static final class TallyStore {
        final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
        final List<String> starts = new CopyOnWriteArrayList<>();
    }

    /** Which application context an actor runs in. */
    record NodeId(String id) {
    }

    /** Counts "add"s, answers anything else with its count; loads the count in preStart and saves every change. */
    @ActorComponent(name = "tally", clusterUnique = true, relocatable = true)
    static class TallyActor implements Actor {
        private final TallyStore store;
        private final NodeId node;
        private int count;

        TallyActor(TallyStore store, NodeId node) {
            this.store = store;
            this.node = node;
        }

        @Override
        public void preStart(Context ctx) {
            count = store.counts.getOrDefault(ctx.self().name(), 0);
            store.starts.add(node.id());
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof PostStart) {
                return;
            }
            if ("add".equals(ctx.message())) {
                count++;
                store.counts.put(ctx.self().name(), count);
            }
            ctx.respond(node.id() + ":" + count);
        }
    }

    /** Relocatable without clusterUnique: refused. */
    @ActorComponent(name = "drifter", relocatable = true)
    static class DrifterActor extends TallyActor {
        DrifterActor(TallyStore store, NodeId node) {
            super(store, node);
        }
    }

    private ApplicationContextRunner member(ClusterMembers m, int index, TallyStore store) {
        return runner.withPropertyValues(m.appProperties(index))
                .withBean(NodeId.class, () -> new NodeId("node" + index))
                .withBean(TallyStore.class, () -> store)
                .withBean(RemoteSerializationCustomizer.class, () -> types -> types.register("test.String", String.class));
    }

    private static Object ask(ApplicationContext ctx, Object message) {
        return ctx.getBean(ActorRegistry.class).ref("tally").ask(message, ASK).toCompletableFuture().join();
    }

    @Test
    void relocatableWithoutClusterUniqueFailsStartUpNamingTheComponent() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(TallyStore.class, TallyStore::new)
                .withBean(DrifterActor.class).run(ctx -> assertThat(ctx).getFailure()
                        .hasMessageContaining(DrifterActor.class.getName())
                        .hasMessageContaining("relocatable = true")
                        .hasMessageContaining("clusterUnique = true"));
    }

    @Test
    void aRelocatableComponentMovesToTheRemainingMemberOnceAndReloadsItsStateFromTheStore() throws Exception {
        members = new ClusterMembers(2);
        TallyStore store = new TallyStore();
        member(members, 0, store).withBean(TallyActor.class).run(a ->
                member(members, 1, store).withBean(TallyActor.class).run(b -> {
                    // The first member took the name (had the second formed a cluster of its own before joining, the
                    // merge rule kept the older member's actor and stopped the other).
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> names(a).contains("tally")
                            && names(b).contains("tally") && runs(a) && !runs(b));
                    assertThat(a.getBean(ActorKinds.class).byName("tally").orElseThrow().relocatable()).isTrue();
                    assertThat(ask(b, "add")).isEqualTo("node0:1");
                    assertThat(ask(a, "add")).isEqualTo("node0:2");
                    int startsBefore = store.starts.size();

                    a.close();

                    await().atMost(ClusterMembers.TIMEOUT).until(() -> runs(b));
                    await().atMost(ClusterMembers.TIMEOUT).ignoreExceptions()
                            .until(() -> "node1:3".equals(ask(b, "add")));
                    assertThat(store.starts.subList(startsBefore, store.starts.size())).containsExactly("node1");
                }));
    }

    private static boolean runs(ApplicationContext ctx) {
        return ctx.getBean(ActorSystem.class).lookup("tally").isPresent();
    }

    private static java.util.Set<String> names(ApplicationContext ctx) {
        return ClusterActors.of(ctx.getBean(ActorSystem.class)).names();
    }
}
