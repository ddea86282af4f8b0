package io.goakt.mailbox;

/** {@link FairMessageQueue} against the shared {@link MessageQueueConformance} suite. */
class FairMessageQueueConformanceTest extends MessageQueueConformance {

    @Override
    protected MessageQueue newQueue() {
        return MailboxFactory.fair().create();
    }
}
