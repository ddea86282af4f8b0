package io.goakt.mailbox;

/** {@link MessageQueue#unbounded()} against the shared {@link MessageQueueConformance} suite. */
class UnboundedMessageQueueConformanceTest extends MessageQueueConformance {

    @Override
    protected MessageQueue newQueue() {
        return MessageQueue.unbounded();
    }
}
