package io.goakt.mailbox;

/** {@link UnboundedMessageQueue} against the shared {@link MessageQueueConformance} suite. */
class UnboundedMessageQueueConformanceTest extends MessageQueueConformance {

    @Override
    protected MessageQueue newQueue() {
        return MailboxFactory.unbounded().create();
    }
}
