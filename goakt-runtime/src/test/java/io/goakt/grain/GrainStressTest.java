package io.goakt.grain;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many senders against grains that deactivate after one to three messages or after a millisecond of idleness, while
 * another thread deactivates them at random and moves the clock on: every message must be handled exactly once, each sender's messages to a grain in order, and no two
 * activations of one grain may overlap.
 */
class GrainStressTest {

    private static final int SENDERS = 8;
    private static final int MESSAGES_PER_SENDER = 3_000;
    private static final int GRAINS_PER_KIND = 4;

    /** Moved on by the deactivating thread, so idle deactivations fire all through the run. */
    private final ManualScheduler time = new ManualScheduler();
    private final ActorSystem system = ActorSystem.create("grain-stress",
            ActorSystemConfig.builder().scheduler(time).build());
    private final GrainRegistry grains = Grains.of(system);

    /** Per grain, per sender: the sequence numbers handled, in handling order. */
    private final Map<GrainIdentity, Map<Integer, List<Integer>>> handled = new ConcurrentHashMap<>();
    private final AtomicLong handledCount = new AtomicLong();
    private final Map<GrainIdentity, AtomicInteger> live = new ConcurrentHashMap<>();
    private final AtomicBoolean overlap = new AtomicBoolean();
    private final AtomicLong activations = new AtomicLong();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Map<GrainDeactivated.Reason, AtomicLong> deactivations = new ConcurrentHashMap<>();

    record Seq(int sender, int seq) {
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private final class Recording implements Grain {
        @Override
        public void onActivate(GrainContext ctx) {
            activations.incrementAndGet();
            if (live.computeIfAbsent(ctx.identity(), k -> new AtomicInteger()).incrementAndGet() != 1) {
                overlap.set(true);
            }
        }

        @Override
        public void receive(GrainContext ctx) {
            if (ctx.message() instanceof Seq s) {
                handled.computeIfAbsent(ctx.identity(), k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(s.sender(), k -> new CopyOnWriteArrayList<>()).add(s.seq());
                handledCount.incrementAndGet();
                if (ctx.sender() != null) {
                    ctx.respond(s.seq());
                }
            }
        }

        @Override
        public void onDeactivate(GrainContext ctx) {
            live.get(ctx.identity()).decrementAndGet();
        }
    }

    @Test
    void everyMessageIsHandledOnceAndInOrderPerSenderAcrossDeactivations() throws Exception {
        run(null, false);
    }

    @Test
    void theSameHoldsForAsks() throws Exception {
        run(null, true);
    }

    /**
     * A fair mailbox serves each sender's lane in turn, so a marker message could overtake earlier messages; the
     * deactivation handshake counts instead. (Tells only: each ask has its own temporary sender, hence its own lane,
     * and a fair mailbox promises no order between lanes.)
     */
    @Test
    void theSameHoldsWithAFairMailbox() throws Exception {
        run(MailboxFactory.fair(), false);
    }

    private void run(MailboxFactory mailbox, boolean asks) throws Exception {
        system.eventStream().subscribe(DeadLetter.class, deadLetters::add);
        system.eventStream().subscribe(GrainDeactivated.class,
                d -> deactivations.computeIfAbsent(d.reason(), r -> new AtomicLong()).incrementAndGet());
        List<GrainRef> refs = new ArrayList<>();
        for (int max = 1; max <= 3; max++) {
            GrainOptions.Builder b = GrainOptions.builder().maxMessages(max);
            if (mailbox != null) {
                b.mailbox(mailbox);
            }
            grains.register("max" + max, Recording::new, b.build());
            for (int g = 0; g < GRAINS_PER_KIND; g++) {
                refs.add(grains.ref("max" + max, "g" + g));
            }
        }
        grains.register("unlimited", Recording::new);
        // idle deactivations racing with arrivals: the entry refuses one while a message is on its way
        GrainOptions.Builder idle = GrainOptions.builder().idleTimeout(Duration.ofMillis(1));
        if (mailbox != null) {
            idle.mailbox(mailbox);
        }
        grains.register("idle", Recording::new, idle.build());
        for (int g = 0; g < GRAINS_PER_KIND; g++) {
            refs.add(grains.ref("unlimited", "g" + g));
            refs.add(grains.ref("idle", "g" + g));
        }

        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
        CyclicBarrier start = new CyclicBarrier(SENDERS + 1);
        AtomicBoolean sending = new AtomicBoolean(true); // until every message is handled
        List<Future<int[]>> senders = new ArrayList<>();
        try {
            for (int t = 0; t < SENDERS; t++) {
                int sender = t;
                senders.add(pool.submit(() -> {
                    int[] next = new int[refs.size()];
                    List<CompletableFuture<Object>> replies = new ArrayList<>();
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < MESSAGES_PER_SENDER; i++) {
                        int g = random.nextInt(refs.size());
                        Seq s = new Seq(sender, next[g]++);
                        if (asks && (i & 1) == 0) {
                            replies.add(refs.get(g).ask(s, Duration.ofDays(1)).toCompletableFuture());
                        } else {
                            refs.get(g).tell(s);
                        }
                    }
                    for (CompletableFuture<Object> r : replies) {
                        r.get(60, TimeUnit.SECONDS);
                    }
                    return next;
                }));
            }
            Future<Integer> deactivator = pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int requests = 0;
                // the "idle" grains are left to their timeout: a request queued behind a backlog would always win
                List<GrainRef> requested = refs.stream().filter(r -> !r.identity().kind().equals("idle")).toList();
                while (sending.get()) {
                    grains.deactivate(requested.get(random.nextInt(requested.size())).identity());
                    requests++;
                    time.advance(Duration.ofMillis(1)); // grains that were idle for it begin to deactivate
                }
                return requests;
            });

            int[][] sent = new int[SENDERS][];
            long total = 0;
            for (int t = 0; t < SENDERS; t++) {
                sent[t] = senders.get(t).get(120, TimeUnit.SECONDS);
                for (int n : sent[t]) {
                    total += n;
                }
            }
            long expected = total;
            // a lost message shows as a dead letter: stop waiting then, the assertions below say which
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> handledCount.get() >= expected || !deadLetters.isEmpty());
            sending.set(false);
            assertThat(deactivator.get(30, TimeUnit.SECONDS)).isPositive();

            for (int g = 0; g < refs.size(); g++) {
                GrainIdentity id = refs.get(g).identity();
                for (int t = 0; t < SENDERS; t++) {
                    List<Integer> want = new ArrayList<>();
                    for (int i = 0; i < sent[t][g]; i++) {
                        want.add(i);
                    }
                    List<Integer> got = handled.getOrDefault(id, Map.of()).getOrDefault(t, List.of());
                    assertThat(got).as("sender %d to %s: each message once, in order", t, id)
                            .containsExactlyElementsOf(want);
                }
            }
            assertThat(handledCount.get()).isEqualTo(expected);
            assertThat(overlap).as("two activations of one grain overlapped").isFalse();
            assertThat(deadLetters).as("dead letters").isEmpty();
            // the limits, idleness and requests really made the grains come and go
            assertThat(activations.get()).isGreaterThan(expected / 4);
            assertThat(deactivations).as("deactivations by reason")
                    .containsKeys(GrainDeactivated.Reason.MAX_MESSAGES, GrainDeactivated.Reason.IDLE,
                            GrainDeactivated.Reason.REQUESTED);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            sending.set(false);
            pool.shutdownNow();
        }
    }
}
