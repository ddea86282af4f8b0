package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Behavior;
import io.goakt.actor.MessageContextHook;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveInterceptor;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * The mailbox's hooks into the actor: which system message goes to which concern ({@link #processSystem}), which user
 * message comes next ({@link #nextEnvelope}: the first PostStart, then the front queue, then the mailbox), and the
 * per-message path ({@link #invoke}: runtime messages, held messages, interceptors, the behaviour or the instance).
 *
 * <p>The per-message path is what every actor pays for every message: its methods are final or private so that the
 * JIT inlines them into {@link Mailbox}'s loop, it reads the options only when the actor passivates, and it allocates
 * nothing unless the message carries headers. A message sent while a {@link MessageContextHook} is installed arrives
 * wrapped with its context, and the hook's scope surrounds its handling; unwrapped messages never test for the hook.
 *
 * <h2>Threading</h2>
 * Owner only: the mailbox calls these hooks on the thread that owns its consumer side. No fields of its own.
 */
abstract class MessageDispatch extends Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);

    MessageDispatch(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                    MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    // ---- system messages

    @Override
    final void processSystem(SystemMessage m) {
        if (isTerminated()) {
            // Taken in the same batch as the Terminate that just finished: answer as a dead actor would.
            onDeadSystemMessage(m);
            return;
        }
        if (m instanceof SystemMessage.Failed f) {
            onChildFailed(f);
        } else if (m instanceof SystemMessage.ChildTerminated c) {
            onChildTerminated(c.child);
        } else if (m instanceof SystemMessage.Terminate t) {
            handleTerminate(t.selfInitiated);
        } else if (m instanceof SystemMessage.Recreate r) {
            handleRecreate(r.cause);
        } else if (m instanceof SystemMessage.Resume) {
            handleResume();
        } else if (m instanceof SystemMessage.SuspendSubtree) {
            onAncestorSuspended();
        } else if (m instanceof SystemMessage.ResumeSubtree) {
            onAncestorResumed();
        } else if (m instanceof SystemMessage.Suspend s) {
            handleSuspend(s.cause);
        } else if (m instanceof SystemMessage.Reinstate) {
            handleReinstate();
        } else if (m instanceof SystemMessage.Watch w) {
            addWatcher(w.watcher);
        } else if (m instanceof SystemMessage.Unwatch u) {
            removeWatcher(u.watcher);
        } else if (m instanceof SystemMessage.DeathWatchNotification d) {
            onWatchedTerminated(d.actor);
        } else if (m instanceof SystemMessage.DeliverFront f) {
            front().addLast(f.envelope);
        } else if (m instanceof SystemMessage.Evict) {
            onEvict();
        }
    }

    // ---- user messages

    @Override
    final Envelope nextEnvelope(Envelope reuse) {
        if (anyBeforeNextMessage()) { // one test for both rare bits: almost always clear
            if (currentStashed()) {
                currentStashed(false); // a new message: it may be stashed once
            }
            if (initialPostStart()) {
                initialPostStart(false);
                return new Envelope(PostStart.INSTANCE, null);
            }
        }
        Extras x = extras();
        ArrayDeque<Envelope> front = x == null ? null : x.unstashed;
        if (front != null && !front.isEmpty()) {
            return front.pollFirst();
        }
        return pollQueue(reuse);
    }

    @Override
    final Runnable partnerOf(Object sender) {
        return sender instanceof LocalActorRef r ? r.cell : null;
    }

    @Override
    final boolean hasUserWork() {
        if (initialPostStart()) {
            return true;
        }
        Extras x = extras();
        ArrayDeque<Envelope> front = x == null ? null : x.unstashed;
        return (front != null && !front.isEmpty()) || queueHasMessages();
    }

    @Override
    final boolean canProcessUserMessages() {
        return !isTerminating(); // volatile load: pairs with the atomic or that began a stop
    }

    @Override
    final int throughput() {
        return system.throughput;
    }

    @Override
    final int invoke(Envelope envelope) {
        Object message = envelope.message();
        ActorRef sender = (ActorRef) envelope.sender();
        WithHeaders observed = null;
        if (message instanceof WithHeaders w) {
            Extras e = ext();
            e.currentHeaders = w.headers();
            e.currentWrapped = w;
            message = w.message();
            if (system.contextHook != null) {
                observed = w;
            }
        }
        currentMessage = message;
        currentSender = sender;
        Extras x = extras();
        int counted = 1;
        try {
            if (message instanceof InternalMessage
                    && !(x != null && x.blockingRequests > 0
                    && ReentrantRequests.reachesActorCode((InternalMessage) message))) {
                invokeInternal((InternalMessage) message);
            } else if (message == PostStart.INSTANCE && !postStartDue()) {
                LOG.trace("{} skips the PostStart of an instance replaced before it ran", self.path());
                counted = 0;
            } else if (x != null && x.blockingRequests > 0) {
                // A stash-non-reentrant request is waiting: this message waits too, in arrival order.
                holdForRequests(x.currentWrapped != null ? x.currentWrapped : message, sender);
            } else if (message == PoisonPill.INSTANCE) {
                sendSystem(new SystemMessage.Terminate(true));
            } else {
                // The passivation bits are set at construction: one load of the status word, no option read.
                int passivation = statusWord() & (PASSIVATES | IDLE_PASSIVATES | MESSAGE_LIMIT);
                if ((x != null && x.receiveTimeoutNanos > 0) || (passivation != 0
                        && (system.evictionByRecency || (passivation & IDLE_PASSIVATES) != 0))) {
                    // Idleness (and eviction's recency) counts from the arrival of the last message, before the
                    // actor's code runs.
                    touch(system.scheduler().nanoTime());
                }
                if (message == PostStart.INSTANCE) {
                    postStartDue(false);
                    counted = 0;
                }
                if (observed == null) {
                    deliver();
                } else {
                    deliverObserved(observed);
                }
                if ((passivation & MESSAGE_LIMIT) != 0 && message != PostStart.INSTANCE) {
                    countForPassivation();
                }
            }
        } catch (Throwable t) {
            handleFailure(message instanceof InternalMessage ? handedOut(message) : envelope, t);
        } finally {
            currentMessage = null;
            currentSender = null;
            if (x != null && x.currentWrapped != null) {
                x.currentWrapped = null;
                x.currentHeaders = null;
            }
            envelope.clear();
        }
        return counted;
    }

    /**
     * Hands the current message to the interceptors and the behaviour, or straight to the instance. An actor with
     * neither usually has no side part at all, and one load (the {@code Rare} pointer) decides.
     */
    private void deliver() throws Exception {
        Extras x = extras();
        if (x == null || (x.interceptors == null && x.behavior == null)) {
            actor.receive(this);
        } else if (x.interceptors == null) {
            x.behavior.receive(this);
        } else {
            InterceptorChain c = x.chain;
            if (c == null) {
                c = x.chain = new InterceptorChain(x.interceptors);
            }
            c.start();
        }
    }

    /** {@link #deliver} inside the scope the system's {@link MessageContextHook} opens for the message's context. */
    private void deliverObserved(WithHeaders w) throws Exception {
        MessageContextHook.Scope scope = system.contextHook.open(w.context(), kind(), this);
        try {
            deliver();
        } catch (Throwable t) {
            scope.failed(t);
            throw t;
        } finally {
            scope.close();
        }
    }

    private void receiveCurrent() throws Exception {
        Extras x = extras();
        Behavior b = x == null ? null : x.behavior;
        if (b == null) {
            actor.receive(this);
        } else {
            b.receive(this);
        }
    }

    /** Runs the interceptors outermost first, then the behaviour. Reused for every message: no allocation. */
    final class InterceptorChain implements ReceiveInterceptor.Next {
        private final ReceiveInterceptor[] interceptors;
        private int index;

        InterceptorChain(ReceiveInterceptor[] interceptors) {
            this.interceptors = interceptors;
        }

        void start() throws Exception {
            index = 0;
            proceed();
        }

        @Override
        public void proceed() throws Exception {
            int i = index;
            if (i < interceptors.length) {
                index = i + 1;
                interceptors[i].intercept(MessageDispatch.this, this);
            } else {
                receiveCurrent();
            }
        }
    }

    /**
     * The message an internal message handed to the actor's code (a timer's message, ReceiveTimeout, Terminated, a
     * request's reply), for the dead letter of a failure on it; null when it handed out none (a runtime timer, a
     * failed request with no reply value). Failure path only.
     */
    private Envelope handedOut(Object internal) {
        Object m = currentMessage;
        return m == null || m == internal ? null : new Envelope(m, currentSender);
    }

    private void invokeInternal(InternalMessage message) throws Exception {
        if (message instanceof Timer t) {
            Object m = onTimer(t);
            if (m != null) {
                deliverHandedOut(m, null);
            }
        } else if (message instanceof ReentrantRequests.RequestReply r) {
            onRequestReply(r);
        } else if (message instanceof DeathWatch.TerminatedDelivery d) {
            Object m = takeTerminatedDelivery(d);
            if (m != null) {
                deliverHandedOut(m, d.actor());
            }
        } else if (message instanceof MailboxDrain.Marker d) {
            d.reached(!queueHasMessages());
        }
    }

    /**
     * Hands the actor a message an internal one carried (a timer's message, Terminated, a watchWith message). A
     * PoisonPill among them stops the actor exactly as a told one does: receive never sees it.
     */
    private void deliverHandedOut(Object m, ActorRef sender) throws Exception {
        if (m == PoisonPill.INSTANCE) {
            sendSystem(new SystemMessage.Terminate(true));
            return;
        }
        currentMessage = m;
        currentSender = sender;
        deliver();
    }
}
