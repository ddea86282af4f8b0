package io.goakt.mailbox;

/**
 * The factory behind {@link MailboxFactory#unbounded()}: one shared instance, so the runtime can recognise the
 * default and keep that queue inside the actor's mailbox instead of creating a {@link MessageQueue#unbounded()}.
 */
final class UnboundedFactory implements MailboxFactory {

    static final MailboxFactory INSTANCE = new UnboundedFactory();

    private UnboundedFactory() {
    }

    @Override
    public MessageQueue create() {
        return MessageQueue.unbounded();
    }

    @Override
    public String toString() {
        return "MailboxFactory.unbounded()";
    }
}
