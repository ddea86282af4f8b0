package io.goakt.internal.actor;

import io.goakt.dispatch.Dispatcher;
import io.goakt.internal.mailbox.SenderLanes;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Mailbox} with no actor behind it, for tests of the mailbox alone: the built-in queue, a fixed
 * throughput, and a handler per user message. It records how many turns overlap (which must never exceed one) and
 * how many turns ran. System messages are ignored; a send never switches the queue to sender lanes.
 */
class RecordingMailbox extends Mailbox {

    private final int throughput;
    private final int endOfTurnSpins;
    private final Consumer<Object> handler;
    /** Turns running right now; any value above one is a broken contract. */
    final AtomicInteger running = new AtomicInteger();
    /** Most turns ever seen running at once. */
    final AtomicInteger maxRunning = new AtomicInteger();
    /** Batches handled, one per turn that ran at least one message. */
    final AtomicInteger batches = new AtomicInteger();

    RecordingMailbox(Dispatcher dispatcher, int throughput, Consumer<Object> handler) {
        this(dispatcher, throughput, 0, handler);
    }

    /**
     * @param endOfTurnSpins spin-wait hints at the end of each turn that ran messages, after it found its queue
     *                       empty and before it goes idle: a wider window for sends to race the end of a turn
     */
    RecordingMailbox(Dispatcher dispatcher, int throughput, int endOfTurnSpins, Consumer<Object> handler) {
        super(false, dispatcher, false, 0);
        this.throughput = throughput;
        this.endOfTurnSpins = endOfTurnSpins;
        this.handler = handler;
    }

    /** True while a turn is queued, running or kept. */
    boolean scheduled() {
        return isScheduled();
    }

    @Override
    int throughput() {
        return throughput;
    }

    @Override
    int invoke(Envelope envelope) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            handler.accept(envelope.message());
        } finally {
            running.decrementAndGet();
            envelope.clear();
        }
        return 1;
    }

    @Override
    void afterBatch(int count) {
        batches.incrementAndGet();
        for (int i = 0; i < endOfTurnSpins; i++) {
            Thread.onSpinWait();
        }
    }

    @Override
    void processSystem(SystemMessage message) {
    }

    @Override
    Envelope nextEnvelope(Envelope reuse) {
        return pollQueue(reuse);
    }

    @Override
    boolean canProcessUserMessages() {
        return true;
    }

    @Override
    boolean hasUserWork() {
        return queueHasMessages();
    }

    @Override
    void drainClosed() {
        while (pollQueueWaiting() != null) {
            // dropped: no actor, no dead letters
        }
    }

    @Override
    void onDeadSystemMessage(SystemMessage message) {
    }

    @Override
    MessageQueue customQueue() {
        throw new AssertionError("the built-in queue only");
    }

    @Override
    SenderLanes senderLanes() {
        throw new AssertionError("lanes are never enabled");
    }

    @Override
    void onContendedSend() {
    }

    @Override
    Runnable partnerOf(Object sender) {
        return sender instanceof Runnable r ? r : null;
    }
}
