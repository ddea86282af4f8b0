package io.goakt.mailbox;

/**
 * {@link PriorityMessageQueue} against the shared {@link MessageQueueConformance} suite, with a comparator that finds
 * all messages equal: the arrival-order tie-break must then make it FIFO.
 */
class PriorityMessageQueueConformanceTest extends MessageQueueConformance {

    @Override
    protected MessageQueue newQueue() {
        return MailboxFactory.priority((a, b) -> 0).create();
    }
}
