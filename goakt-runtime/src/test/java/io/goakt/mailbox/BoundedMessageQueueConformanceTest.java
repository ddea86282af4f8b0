package io.goakt.mailbox;

/**
 * {@link BoundedMessageQueue} against the shared {@link MessageQueueConformance} suite, with a capacity above what the
 * suite ever queues, so every offer must be accepted.
 */
class BoundedMessageQueueConformanceTest extends MessageQueueConformance {

    @Override
    protected MessageQueue newQueue() {
        return MailboxFactory.bounded(8 * PER_PRODUCER + 1).create();
    }
}
