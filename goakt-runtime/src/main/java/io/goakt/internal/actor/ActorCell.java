package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.SupervisorStrategy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One actor: its instance, behaviour stack, children, watches, stash, timers and supervision state, and the
 * {@link ReceiveContext} its code sees (one object, reused for every message, so handling a message allocates
 * nothing).
 *
 * <p>The source is split by concern into the chain of abstract classes this one ends ({@link CellState} lists them
 * and says why); the object is one per actor, and the levels add no field of their own (the harness measures the
 * heap per idle actor). This class holds the rest of the {@code ReceiveContext} surface: the current message and its
 * sender, replies, sends, spawning and stopping.
 *
 * <h2>Threading</h2>
 * Owner only, like the {@code ReceiveContext} it implements: actor code calls it on the thread that runs the actor.
 * {@link #mailboxFull()} is called by senders on any thread and reads only final state.
 *
 * <h2>Supervision</h2>
 * A throw from actor code suspends the cell and sends {@code Failed} to the parent ({@link FailureHandling}), which
 * applies the failed child's {@link SupervisorStrategy} on its own thread ({@link Supervision}) and answers with
 * {@code Resume}, {@code Recreate} (possibly after a backoff), {@code Terminate}, or escalates by failing itself.
 * Start, restart and stop are {@link Lifecycle}'s.
 */
final class ActorCell extends MessageDispatch {

    ActorCell(LocalActorSystem system, ActorCell parent, String name, Object factory,
              SpawnOptions options, MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
        if (guardian) {
            // The guardian is never started (no preStart, no PostStart), but messages can reach it (a top-level
            // actor telling ctx.parent()): its instance must exist so that they end as unhandled dead letters.
            this.actor = newInstance();
        }
    }

    @Override
    public Object message() {
        return currentMessage;
    }

    @Override
    public ActorRef sender() {
        return currentSender;
    }

    @Override
    public Map<String, String> headers() {
        Extras x = extras();
        Map<String, String> h = x == null ? null : x.currentHeaders;
        return h == null ? Map.of() : h;
    }

    @Override
    public ActorRef self() {
        return self;
    }

    @Override
    public ActorRef parent() {
        return parent == null ? null : parent.self;
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    @Override
    public void respond(Object reply) {
        Replies.respond(reply, currentSender, self, system);
    }

    @Override
    public void forward(ActorRef to) {
        Extras x = extras();
        WithHeaders wrapped = x == null ? null : x.currentWrapped;
        if (wrapped != null && system.contextHook != null && to instanceof LocalActorRef local) {
            local.forwardWrapped(wrapped, currentSender); // keeps the context the message arrived with
        } else {
            to.tell(currentMessage, currentSender);
        }
    }

    @Override
    public void unhandled() {
        Object m = currentMessage;
        if (m == null || m == PostStart.INSTANCE) {
            return;
        }
        system.deadLetter(m, currentSender, self, DeadLetter.Reason.UNHANDLED,
                self.path() + " did not handle " + m.getClass().getName());
    }

    @Override
    public void tell(ActorRef to, Object message) {
        to.tell(message, self);
    }

    @Override
    public CompletionStage<Object> ask(ActorRef to, Object message, Duration timeout) {
        return system.ask(to, message, timeout);
    }

    @Override
    public void pipeTo(CompletionStage<?> stage, ActorRef recipient) {
        Objects.requireNonNull(recipient, "recipient");
        ActorRef from = self;
        stage.whenComplete((value, error) -> {
            if (error != null) {
                recipient.tell(new Status.Failure(LocalActorSystem.unwrap(error)), from);
            } else {
                recipient.tell(value != null ? value : new Status.Success(null), from);
            }
        });
    }

    @Override
    public ActorRef spawnChild(String childName, Supplier<? extends Actor> childFactory, SpawnOptions options) {
        return spawn(childName, childFactory, options).self;
    }

    @Override
    public ActorRef spawnChild(Supplier<? extends Actor> childFactory, SpawnOptions options) {
        return spawnUnnamed(childFactory, options).self;
    }

    @Override
    public ActorRef spawnChildInstance(String childName, Actor instance, SpawnOptions options) {
        Objects.requireNonNull(instance, "actor");
        return spawn(childName, (Object) instance, options).self;
    }

    @Override
    public void stop() {
        sendSystem(new SystemMessage.Terminate(true));
    }

    @Override
    public <T> T dependency(Class<T> type) {
        for (Object d : options().dependencies()) {
            if (type.isInstance(d)) {
                return type.cast(d);
            }
        }
        throw new IllegalStateException(self.path() + " has no dependency of type " + type.getName());
    }

    /** Builds the exception a sender gets when this actor's bounded mailbox is full. Any thread. */
    MailboxFullException mailboxFull() {
        return new MailboxFullException(self.path(), queueCapacity());
    }

    @Override
    public String toString() {
        return "ActorCell[" + self.path() + "]";
    }

    /** The "failure" a permanent actor reports when it stopped itself, so its parent restarts it. */
    static final class NormalExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NormalExit(String path) {
            super(path + " stopped itself and is permanent", null, false, false);
        }
    }
}
