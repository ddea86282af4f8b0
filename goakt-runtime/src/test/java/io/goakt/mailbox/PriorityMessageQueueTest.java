package io.goakt.mailbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Ordering and stability of {@link PriorityMessageQueue}; the shared suite covers the rest. */
class PriorityMessageQueueTest {

    /** A message with a priority (lower first) and an identity to check stability with. */
    record Job(int priority, int id) {
    }

    private static final Comparator<Object> BY_PRIORITY = Comparator.comparingInt(m -> ((Job) m).priority());

    private static List<Job> drain(MessageQueue q) {
        List<Job> out = new ArrayList<>();
        for (Envelope e; (e = q.poll()) != null; ) {
            out.add((Job) e.message());
        }
        return out;
    }

    @Test
    void messagesComeOutInComparatorOrder() {
        MessageQueue q = MailboxFactory.priority(Comparator.comparingInt(m -> (Integer) m)).create();
        for (int m : new int[] {5, 1, 4, 2, 3, 0, 9, 7, 8, 6}) {
            q.offer(new Envelope(m, null));
        }
        List<Object> out = new ArrayList<>();
        for (Envelope e; (e = q.poll()) != null; ) {
            out.add(e.message());
        }
        assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void equalPrioritiesKeepArrivalOrder() {
        MessageQueue q = MailboxFactory.priority(BY_PRIORITY).create();
        Random random = new Random(42);
        List<Job> offered = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Job j = new Job(random.nextInt(5), i);
            offered.add(j);
            q.offer(new Envelope(j, null));
        }
        List<Job> expected = new ArrayList<>(offered);
        expected.sort(Comparator.comparingInt(Job::priority)); // List.sort is stable: ties stay in arrival order
        assertThat(drain(q)).isEqualTo(expected);
    }

    /** Interleaved offers and polls against a model: a stable sort of what is queued at each poll. */
    @Test
    void interleavedOffersAndPollsMatchAStableModel() {
        MessageQueue q = MailboxFactory.priority(BY_PRIORITY).create();
        List<Job> model = new ArrayList<>();
        Random random = new Random(7);
        int id = 0;
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(3) > 0) {
                Job j = new Job(random.nextInt(8), id++);
                model.add(j);
                q.offer(new Envelope(j, null));
            } else {
                Job expected = model.stream().min(Comparator.comparingInt(Job::priority)).orElse(null);
                // min returns the first of equal minima, i.e. the earliest arrival.
                Envelope e = q.poll();
                assertThat(e == null ? null : e.message()).isEqualTo(expected);
                model.remove(expected);
            }
            assertThat(q.size()).isEqualTo(model.size());
        }
        model.sort(Comparator.comparingInt(Job::priority));
        assertThat(drain(q)).isEqualTo(model);
    }

    /** A comparator that cannot handle a message (say, one the runtime queued) must not lose or refuse it. */
    @Test
    void aComparatorThatThrowsLosesNothingAndRefusesNothing() {
        Comparator<Object> picky = (a, b) -> {
            if (a instanceof String || b instanceof String) {
                throw new ClassCastException("no strings");
            }
            return BY_PRIORITY.compare(a, b);
        };
        MessageQueue q = MailboxFactory.priority(picky).create();
        for (int i = 0; i < 20; i++) {
            q.offer(new Envelope(new Job(20 - i, i), null));
        }
        assertThat(q.offer(new Envelope("boom", null))).isTrue();
        q.offer(new Envelope(new Job(0, 20), null));
        assertThat(q.size()).isEqualTo(22);
        List<Object> out = new ArrayList<>();
        for (Envelope e; (e = q.poll()) != null; ) {
            out.add(e.message());
        }
        assertThat(out).hasSize(22).contains("boom").doesNotHaveDuplicates();
        assertThat(out.stream().filter(Job.class::isInstance).map(m -> ((Job) m).id()))
                .containsExactlyInAnyOrder(IntStream.rangeClosed(0, 20).boxed()
                        .toArray(Integer[]::new));
    }

    @Test
    void theQueueShrinksBackAfterABurstAndStillWorks() {
        MessageQueue q = MailboxFactory.priority(BY_PRIORITY).create();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1_000; i++) {
                q.offer(new Envelope(new Job(1_000 - i, i), null));
            }
            List<Job> out = drain(q);
            assertThat(out).hasSize(1_000);
            assertThat(out.get(0).priority()).isEqualTo(1);
            assertThat(out.get(999).priority()).isEqualTo(1_000);
            assertThat(q.hasMessages()).isFalse();
        }
    }
}
