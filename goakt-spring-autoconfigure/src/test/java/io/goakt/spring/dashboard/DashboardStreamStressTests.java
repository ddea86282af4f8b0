package io.goakt.spring.dashboard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream computes one snapshot per tick whatever the number of viewers, sends each viewer every tick's text, and
 * drops viewers that went away, while viewers connect from many threads at once.
 */
class DashboardStreamStressTests {

    private static final int THREADS = 4;
    private static final Pattern NUMBER = Pattern.compile("snapshot-(\\d+)");
    private static final int VIEWERS_PER_THREAD = 25;

    /** An emitter that records what it is sent, and refuses sends once its browser has gone. */
    static final class RecordingEmitter extends SseEmitter {
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile boolean gone;

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (gone) {
                throw new IOException("broken pipe");
            }
            StringBuilder text = new StringBuilder();
            builder.build().forEach(part -> text.append(part.getData()));
            received.add(text.toString());
        }
    }

    private final AtomicInteger computed = new AtomicInteger();
    private final List<RecordingEmitter> emitters = new CopyOnWriteArrayList<>();
    private final DashboardStream stream = new DashboardStream(() -> "snapshot-" + computed.incrementAndGet(), () -> {
        RecordingEmitter e = new RecordingEmitter();
        emitters.add(e);
        return e;
    }, Duration.ofMillis(5));

    @AfterEach
    void stop() {
        stream.destroy();
    }

    @Test
    void oneSnapshotPerTickReachesEveryViewerConnectingConcurrentlyAndGoneViewersAreDropped() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < THREADS; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int v = 0; v < VIEWERS_PER_THREAD; v++) {
                        stream.connect();
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        int viewers = THREADS * VIEWERS_PER_THREAD;
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.viewers() == viewers);
        await().atMost(Duration.ofSeconds(30)).until(() -> emitters.stream().allMatch(e -> e.received.size() >= 20));

        // every text a viewer got was computed once for all: no viewer saw a snapshot number the others skipped
        // past, and far fewer snapshots were computed than were sent
        int sent = emitters.stream().mapToInt(e -> e.received.size()).sum();
        assertThat(computed.get()).isLessThan(sent / 10);
        for (RecordingEmitter e : emitters) {
            List<Integer> numbers = new ArrayList<>();
            e.received.forEach(text -> {
                Matcher m = NUMBER.matcher(text);
                assertThat(m.find()).as(text).isTrue();
                numbers.add(Integer.parseInt(m.group(1)));
            });
            assertThat(numbers).isSorted().doesNotHaveDuplicates();
        }

        emitters.forEach(e -> e.gone = true);
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.viewers() == 0);
        int afterLast = computed.get();
        // with nobody watching, the ticker stops: a new viewer gets a fresh snapshot at once
        stream.connect();
        RecordingEmitter fresh = emitters.get(emitters.size() - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !fresh.received.isEmpty());
        assertThat(computed.get()).isGreaterThan(afterLast);
    }
}
