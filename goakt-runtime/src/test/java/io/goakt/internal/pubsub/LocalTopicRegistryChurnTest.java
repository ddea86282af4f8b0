package io.goakt.internal.pubsub;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.pubsub.PubSub;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topic table and the watcher's index of each subscriber's topics return to empty once subscribers leave, by
 * stopping or by unsubscribing, whatever the order in which racing subscribes and unsubscribes reach the watcher.
 */
class LocalTopicRegistryChurnTest {

    private ActorSystem system;
    private LocalTopicRegistry topics;

    @BeforeEach
    void start() {
        system = ActorSystem.create("topics-churn");
        topics = (LocalTopicRegistry) PubSub.topics(system);
    }

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private int watched() throws Exception {
        return topics.watchedCount().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void awaitClean() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> topics.topics().isEmpty() && watched() == 0);
    }

    @Test
    void subscribersOnTopicsOfTheirOwnThatStopLeaveNoTopicAndNoWatch() throws Exception {
        int n = 0;
        for (int round = 0; round < 5; round++) {
            List<ActorRef> subscribers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++, n++) {
                ActorRef s = system.spawnFromFunction("s" + n, ctx -> { });
                topics.subscribe("own-" + n, s);
                topics.subscribe("shared", s);
                subscribers.add(s);
            }
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (ActorRef s : subscribers) {
                stops.add(system.stop(s).toCompletableFuture());
            }
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            awaitClean();
        }
    }

    @Test
    void unsubscribingFromEveryTopicEndsTheWatchAndSubscribingAgainRenewsIt() throws Exception {
        ActorRef s = system.spawnFromFunction("s", ctx -> { });
        for (int round = 0; round < 1_000; round++) {
            topics.subscribe("a", s);
            topics.subscribe("b", s);
            topics.unsubscribe("a", s);
            topics.unsubscribe("b", s);
        }
        awaitClean();
        topics.subscribe("c", s);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> watched() == 1);
        system.stop(s).toCompletableFuture().get(60, TimeUnit.SECONDS);
        awaitClean();
    }

    /**
     * Threads subscribe and unsubscribe a few subscribers to a few topics at random, so each pair's messages reach the
     * watcher in any order. Once they are done the watcher watches exactly the subscribers the table holds, and after
     * the subscribers stop both are empty.
     */
    @Test
    void racingSubscribesAndUnsubscribesLeaveTheIndexInStepWithTheTable() throws Exception {
        long seed = System.nanoTime();
        int threads = 4;
        List<ActorRef> subscribers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            subscribers.add(system.spawnFromFunction("racer-" + i, ctx -> { }));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        ActorRef s = subscribers.get(random.nextInt(subscribers.size()));
                        String topic = "t" + random.nextInt(5);
                        if (random.nextBoolean()) {
                            topics.subscribe(topic, s);
                        } else {
                            topics.unsubscribe(topic, s);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<ActorRef> inTable = new HashSet<>();
        for (String topic : topics.topics()) {
            inTable.addAll(topics.subscribers(topic));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).alias("seed " + seed)
                .until(() -> watched() == inTable.size());
        for (ActorRef s : subscribers) {
            system.stop(s).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).alias("seed " + seed)
                .until(() -> topics.topics().isEmpty() && watched() == 0);
    }
}
