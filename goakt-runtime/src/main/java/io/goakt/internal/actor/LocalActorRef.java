package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.MessageContextHook;
import io.goakt.mailbox.Envelope;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A ref to an actor in this JVM: it points straight at the actor's cell, so a {@code tell} is one enqueue (with the
 * default mailbox, no allocation beyond the message) and one status read. It holds only the cell (16 bytes): the
 * incarnation number lives in the cell, and the address is derived on demand. A ref to a stopped actor stays valid and turns sends into dead letters
 * (the cell's mailbox is closed).
 *
 * <p>Threading: immutable; any thread.
 */
final class LocalActorRef extends InternalActorRef {

    final ActorCell cell;

    LocalActorRef(ActorCell cell) {
        this.cell = cell;
    }

    /** Built on each call: a million idle actors should not each carry an address and a path string. */
    @Override
    public Address address() {
        return cell.system.addressOf(cell.path());
    }

    @Override
    public String path() {
        return cell.path();
    }

    @Override
    public String name() {
        return cell.name;
    }

    /** A spawned actor never lives under {@code /temp/}; answered without building the path. */
    @Override
    public boolean isTemporary() {
        return false;
    }

    @Override
    public long uid() {
        return Integer.toUnsignedLong(cell.uid);
    }

    @Override
    public boolean isKnownStopped() {
        return cell.isTerminating();
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        Objects.requireNonNull(message, "message");
        MessageContextHook hook = cell.system.contextHook;
        if (hook != null) {
            message = withContext(hook, message, sender);
        }
        if (!cell.sendUser(message, sender)) {
            throw cell.mailboxFull();
        }
    }

    /** {@code message} with the context the hook captures, or alone when it captures none. */
    private Object withContext(MessageContextHook hook, Object message, ActorRef sender) {
        Object context = hook.capture(this, cell.kind(), message, sender instanceof AskSender
                ? MessageContextHook.Operation.ASK : MessageContextHook.Operation.TELL);
        return context == null ? message : new WithHeaders(message, Map.of(), context);
    }

    /** One enqueue for the whole batch (see {@code Mailbox.sendUserAll}). */
    @Override
    public void tellAll(List<?> messages, ActorRef sender) {
        Object[] batch = checkedBatch(messages);
        if (batch.length > 0) {
            sendBatch(batch, null, sender, null);
        }
    }

    @Override
    public CompletionStage<List<Object>> askAll(List<?> messages, Duration timeout) {
        return cell.system.askAll(this, checkedBatch(messages), timeout);
    }

    /**
     * Sends {@code batch} (the caller's own array, not empty) in one enqueue, message {@code i} from
     * {@code senders[i]}, or from {@code sender} when {@code senders} is null. When a bounded mailbox cuts the batch,
     * fails {@code ask} (if not null) with the {@link MailboxFullException}, reports every message not queued as a
     * {@link DeadLetter.Reason#MAILBOX_FULL} dead letter, and throws the exception.
     */
    void sendBatch(Object[] batch, ActorRef[] senders, ActorRef sender, BatchAsk ask) {
        Object[] toSend = batch;
        MessageContextHook hook = cell.system.contextHook;
        if (hook != null) {
            toSend = new Object[batch.length]; // batch keeps the messages as sent, for dead letters and timeouts
            for (int i = 0; i < batch.length; i++) {
                toSend[i] = withContext(hook, batch[i], senders == null ? sender : senders[i]);
            }
        }
        int queued = cell.sendUserAll(toSend, senders, sender);
        if (queued == batch.length) {
            return;
        }
        MailboxFullException full = cell.mailboxFull();
        if (ask != null) {
            ask.fail(full);
        }
        for (int i = queued; i < batch.length; i++) {
            ActorRef from = senders == null ? sender : senders[i];
            cell.system.deadLetter(batch[i], from, this, DeadLetter.Reason.MAILBOX_FULL,
                    full.getMessage() + ": messages " + (queued + 1) + " to " + batch.length + " of a batch of "
                            + batch.length + " were not sent");
        }
        throw full;
    }

    /** Sends an already wrapped message as it is: a forward keeps the context and headers it arrived with. */
    void forwardWrapped(WithHeaders message, ActorRef sender) {
        if (!cell.sendUser(message, sender)) {
            throw cell.mailboxFull();
        }
    }

    @Override
    public void tell(Object message, ActorRef sender, Duration waitForRoom) throws InterruptedException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(waitForRoom, "waitForRoom");
        MessageContextHook hook = cell.system.contextHook;
        if (hook != null) {
            message = withContext(hook, message, sender);
        }
        if (!cell.sendUser(new Envelope(message, sender), Math.max(0, waitForRoom.toNanos()))) {
            throw cell.mailboxFull();
        }
    }

    @Override
    public void tell(Object message, ActorRef sender, Map<String, String> headers) {
        Objects.requireNonNull(message, "message");
        if (headers == null || headers.isEmpty()) {
            tell(message, sender);
        } else if (!cell.sendUser(new WithHeaders(message, headers), sender)) {
            // With headers, the message came from another node (or carries its own context): nothing to capture here.
            throw cell.mailboxFull();
        }
    }

    @Override
    public boolean sendWatch(ActorRef watcher) {
        return cell.sendSystem(new SystemMessage.Watch(watcher));
    }

    @Override
    public void sendUnwatch(ActorRef watcher) {
        cell.sendSystem(new SystemMessage.Unwatch(watcher));
    }

    @Override
    public void sendDeathNotification(ActorRef dead) {
        cell.sendSystem(new SystemMessage.DeathWatchNotification(dead));
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return cell.system.ask(this, message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return cell.system.config().askTimeout();
    }
}
