package io.goakt.pubsub;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PubSubTest {

    private final ActorSystem system = ActorSystem.create("pubsub");
    private final TopicRegistry topics = PubSub.topics(system);

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private ActorRef collector(String name, List<Object> into) {
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                into.add(ctx.message());
            }
        });
    }

    @Test
    void theRegistryIsOnePerSystem() {
        assertThat(PubSub.topics(system)).isSameAs(topics);
        try (ActorSystem other = ActorSystem.create("pubsub-other")) {
            assertThat(PubSub.topics(other)).isNotSameAs(topics);
        }
    }

    @Test
    void subscribersOfATopicGetItsMessagesAndOthersDoNot() {
        List<Object> a = new CopyOnWriteArrayList<>();
        List<Object> b = new CopyOnWriteArrayList<>();
        List<Object> c = new CopyOnWriteArrayList<>();
        ActorRef ra = collector("a", a);
        ActorRef rb = collector("b", b);
        ActorRef rc = collector("c", c);
        topics.subscribe("news", ra);
        topics.subscribe("news", rb);
        topics.subscribe("news", rb); // twice is once
        topics.subscribe("sports", rc);
        assertThat(topics.publish("news", "headline")).isEqualTo(2);
        assertThat(topics.publish("weather", "rain")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.size() == 1 && b.size() == 1);
        assertThat(a).containsExactly("headline");
        assertThat(b).containsExactly("headline");
        assertThat(topics.subscribers("news")).containsExactlyInAnyOrder(ra, rb);
        assertThat(topics.topics()).containsExactlyInAnyOrder("news", "sports");

        topics.unsubscribe("news", ra);
        topics.publish("news", "second");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.size() == 2);
        assertThat(a).containsExactly("headline");
        assertThat(c).isEmpty();
        topics.unsubscribe("sports", rc);
        assertThat(topics.topics()).containsExactly("news");
    }

    @Test
    void aSubscriberThatStopsIsRemovedFromEveryTopic() throws Exception {
        ActorRef sub = collector("mortal", new CopyOnWriteArrayList<>());
        topics.subscribe("t1", sub);
        topics.subscribe("t2", sub);
        system.stop(sub).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.topics().isEmpty());
        assertThat(topics.subscribers("t1")).isEmpty();
    }

    @Test
    void aSubscriberThatIsAlreadyDeadIsRemovedToo() throws Exception {
        ActorRef dead = collector("dead", new CopyOnWriteArrayList<>());
        system.stop(dead).toCompletableFuture().get(10, TimeUnit.SECONDS);
        topics.subscribe("t", dead);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.subscribers("t").isEmpty());
    }

    record Seq(int publisher, int n) {
    }

    @Test
    void manyPublishersKeepTheirOrderAtEverySubscriber() throws Exception {
        int subscribers = 4;
        int publishers = 4;
        int perPublisher = 20_000;
        List<Map<Integer, Integer>> lastSeen = new ArrayList<>();
        List<List<String>> violations = new ArrayList<>();
        List<ActorRef> subs = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            Map<Integer, Integer> last = new ConcurrentHashMap<>();
            List<String> bad = new CopyOnWriteArrayList<>();
            lastSeen.add(last);
            violations.add(bad);
            ActorRef ref = system.spawnFromFunction("s" + s, ctx -> {
                if (ctx.message() instanceof Seq q) {
                    Integer prev = last.put(q.publisher(), q.n());
                    if (prev != null && prev + 1 != q.n()) {
                        bad.add(prev + "->" + q.n());
                    }
                }
            });
            subs.add(ref);
            topics.subscribe("stream", ref);
        }
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CyclicBarrier start = new CyclicBarrier(publishers);
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int id = p;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perPublisher; i++) {
                        topics.publish("stream", new Seq(id, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> lastSeen.stream().allMatch(m -> m.size() == publishers
                && m.values().stream().allMatch(v -> v == perPublisher - 1)));
        for (List<String> bad : violations) {
            assertThat(bad).isEmpty();
        }
        assertThat(subs).hasSize(subscribers);
    }

    @Test
    void subscribeAndUnsubscribeRacingOnOneTopicLoseNoSubscription() throws Exception {
        List<ActorRef> stayers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stayers.add(collector("stay-" + i, new CopyOnWriteArrayList<>()));
        }
        ActorRef flapper = collector("flap", new CopyOnWriteArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> flapping = pool.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    topics.subscribe("busy", flapper);
                    topics.unsubscribe("busy", flapper);
                }
            });
            Future<?> joining = pool.submit(() -> stayers.forEach(s -> topics.subscribe("busy", s)));
            flapping.get(60, TimeUnit.SECONDS);
            joining.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(topics.subscribers("busy")).containsExactlyInAnyOrderElementsOf(stayers);
    }
}
