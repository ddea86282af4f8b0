package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;
import io.goakt.testsupport.MpscStress;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SenderLanes}: the switch from the base queue, stalled senders, fairness, and a stress run across the switch. */
class SenderLanesTest {

    private static Envelope env(Object message) {
        return new Envelope(message, null);
    }

    /** Runs {@code body} on a new thread and waits for it. */
    private static void onOtherThread(Runnable body) throws InterruptedException {
        Thread t = new Thread(body);
        t.start();
        t.join();
    }

    @Test
    void laneCountsArePowersOfTwoBetweenFourAndSixteen() {
        assertThat(SenderLanes.countFor(1)).isEqualTo(4);
        assertThat(SenderLanes.countFor(2)).isEqualTo(4);
        assertThat(SenderLanes.countFor(4)).isEqualTo(4);
        assertThat(SenderLanes.countFor(5)).isEqualTo(8);
        assertThat(SenderLanes.countFor(8)).isEqualTo(8);
        assertThat(SenderLanes.countFor(64)).isEqualTo(16);
        assertThatThrownBy(() -> new SenderLanes(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageLeftInTheBaseQueueGoesBeforeItsSendersLaterOnes() {
        EnvelopeQueue base = new EnvelopeQueue();
        SenderLanes lanes = new SenderLanes(4);
        Envelope first = env("first");
        Envelope second = env("second");
        base.offerLinked(first); // sent just before the switch
        lanes.offer(second); // the same thread's next message, after it
        assertThat(lanes.hasMessages()).isTrue();
        assertThat(lanes.size()).isEqualTo(1);

        assertThat(lanes.pollNoWait(base)).isSameAs(first);
        assertThat(lanes.pollNoWait(base)).isSameAs(second);
        assertThat(lanes.pollNoWait(base)).isNull();
        assertThat(lanes.hasMessages()).isFalse();
    }

    /**
     * A base message still being added holds the lanes up: another thread's complete base message may wait behind
     * it, and that thread's later messages in its lane must not overtake it. (A stress run found that order.)
     */
    @Test
    void aBaseMessageStillBeingAddedHoldsUpTheLanesUntilItArrives() {
        EnvelopeQueue base = new EnvelopeQueue();
        SenderLanes lanes = new SenderLanes(4);
        Envelope stalled = env("stalled");
        assertThat(base.tailGetAndSet(stalled)).isNull(); // its sender stalls before publishing it
        Envelope behind = env("behind");
        base.offerLinked(behind); // another thread's message, complete, behind the stalled one
        Envelope later = env("later");
        lanes.offer(later); // that thread's next message, after the switch

        assertThat(lanes.pollNoWait(base)).isNull();
        assertThat(base.hasLinked()).isTrue();

        base.headRelease(stalled);
        assertThat(lanes.pollNoWait(base)).isSameAs(stalled);
        assertThat(lanes.pollNoWait(base)).isSameAs(behind);
        assertThat(lanes.pollNoWait(base)).isSameAs(later);
        assertThat(lanes.pollNoWait(base)).isNull();
    }

    @Test
    void aStalledLaneDoesNotHoldUpTheOthers() throws Exception {
        EnvelopeQueue base = new EnvelopeQueue();
        SenderLanes lanes = new SenderLanes(4);
        int mine = lanes.laneOfCurrentThread();
        Envelope stalled = env("stalled");
        assertThat(lanes.lanes()[mine].tailGetAndSet(stalled)).isNull();
        List<Envelope> others = new ArrayList<>();
        // A thread on another lane (thread ids are consecutive, so a try or two): send from it.
        for (int tries = 0; others.isEmpty() && tries < 64; tries++) {
            onOtherThread(() -> {
                if (lanes.laneOfCurrentThread() != mine) {
                    Envelope e = env("other");
                    lanes.offer(e);
                    others.add(e);
                }
            });
        }
        assertThat(others).hasSize(1);

        assertThat(lanes.pollNoWait(base)).isSameAs(others.get(0));
        assertThat(lanes.pollNoWait(base)).isNull();
        assertThat(lanes.hasMessages()).as("the stalled message counts as present").isTrue();

        lanes.lanes()[mine].headRelease(stalled);
        assertThat(lanes.pollNoWait(base)).isSameAs(stalled);
    }

    @Test
    void busyLanesAreServedInTurnABurstEach() throws Exception {
        EnvelopeQueue base = new EnvelopeQueue();
        SenderLanes lanes = new SenderLanes(4);
        int each = 2 * SenderLanes.BURST + 3;
        List<Integer> used = new ArrayList<>();
        // Two threads on two different lanes send `each` messages each.
        for (int tries = 0; used.size() < 2 && tries < 64; tries++) {
            onOtherThread(() -> {
                int lane = lanes.laneOfCurrentThread();
                if (!used.contains(lane)) {
                    for (int i = 0; i < each; i++) {
                        lanes.offer(env(lane));
                    }
                    used.add(lane);
                }
            });
        }
        assertThat(used).hasSize(2);
        List<Object> order = new ArrayList<>();
        for (Envelope e; (e = lanes.pollNoWait(base)) != null; ) {
            order.add(e.message());
        }
        assertThat(order).hasSize(2 * each);
        int run = 1;
        int switches = 0;
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i).equals(order.get(i - 1))) {
                run++;
            } else {
                run = 1;
                switches++;
            }
            if (i < 2 * 2 * SenderLanes.BURST) { // while both lanes are busy
                assertThat(run).as("a busy lane gives way after a burst").isLessThanOrEqualTo(SenderLanes.BURST);
            }
        }
        assertThat(switches).as("the lanes take turns").isGreaterThanOrEqualTo(3);
    }

    @Test
    void drainingTakesEverything() {
        SenderLanes lanes = new SenderLanes(4);
        lanes.offer(env("a"));
        lanes.offer(env("b"));
        assertThat(lanes.pollWaiting().message()).isEqualTo("a");
        assertThat(lanes.pollWaiting().message()).isEqualTo("b");
        assertThat(lanes.pollWaiting()).isNull();
    }

    /**
     * Eight producers, and a switch to lanes half-way through while they send (as a mailbox does after enough
     * contended sends): every message arrives once and in its producer's order, whichever side of the switch each
     * was sent on, with a consumer that never waits.
     */
    @RepeatedTest(10)
    void noMessageIsLostOrReorderedAcrossTheSwitch() throws Exception {
        EnvelopeQueue base = new EnvelopeQueue();
        SenderLanes lanes = new SenderLanes(4);
        AtomicInteger sent = new AtomicInteger();
        int producers = 8;
        int perProducer = 50_000;
        int switchAt = producers * perProducer / 2;
        boolean[] switched = new boolean[1];
        Object lock = new Object();
        MpscStress.run(producers, perProducer, 4096, e -> {
            boolean useLanes;
            synchronized (lock) {
                if (!switched[0] && sent.incrementAndGet() >= switchAt) {
                    switched[0] = true;
                }
                useLanes = switched[0];
            }
            if (useLanes) {
                lanes.offer(e);
            } else {
                base.offerLinked(e);
            }
        }, () -> lanes.pollNoWait(base));
        assertThat(lanes.pollNoWait(base)).isNull();
        assertThat(lanes.hasMessages()).isFalse();
        assertThat(base.hasLinked()).isFalse();
    }
}
