package io.goakt.internal.cluster.singleton;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.MailboxFullException;
import io.goakt.cluster.Member;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The proxy of one singleton on one member: a ref that sends to the instance its service last heard of, and holds
 * messages while none is known.
 *
 * <h2>Order</h2>
 * Senders and the service meet under {@link #lock}: a send goes straight to the target only when one is known and
 * nothing is held, otherwise it is held; {@link #hostUp} sends what is held, oldest first, before any later send.
 * Sends happen under the lock (a local tell and a remote tell only queue the message), so messages from one sender
 * reach the instance in send order across a hand-over. Dead letters are published outside the lock.
 *
 * <h2>Capacity</h2>
 * At most {@link #limit} messages are held; one more becomes a dead letter ({@link DeadLetter.Reason#MAILBOX_FULL})
 * whose detail names the singleton and the limit, and an ask beyond it fails with {@link MailboxFullException}. A
 * held ask fails with {@link AskTimeoutException} when its timeout passes before an instance is known; once sent,
 * the rest of its timeout applies.
 *
 * <p>Its address is {@code <system>/singleton/<name>} on this member's system and its uid 0, so two proxies of one
 * name are equal. Any thread.
 */
final class SingletonProxy extends InternalActorRef {

    /** One held message; {@code reply} is non-null for an ask, which must be answered by {@code deadlineNanos}. */
    private record Held(Object message, ActorRef sender, Map<String, String> headers,
                        CompletableFuture<Object> reply, Duration timeout, long deadlineNanos) {
    }

    private final String name;
    private final InternalActorSystem system;
    private final ScheduledExecutorService timer;
    private final Address address;
    /** The buffer's size; volatile store when the singleton is declared, volatile loads by senders. */
    private volatile int limit;
    private final Object lock = new Object();
    /** The member that runs the instance, or null; guarded by {@link #lock}. */
    private Member host;
    /** The instance, or null; guarded by {@link #lock}. */
    private ActorRef target;
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    SingletonProxy(String name, InternalActorSystem system, ScheduledExecutorService timer, int limit) {
        this.name = name;
        this.system = system;
        this.timer = timer;
        this.limit = limit;
        this.address = Address.local(system.name(), "/singleton/" + name);
    }

    void limit(int limit) {
        this.limit = limit;
    }

    /** The member that runs the instance, as far as this proxy knows; null when none is known. */
    Member host() {
        synchronized (lock) {
            return host;
        }
    }

    /** An instance runs on {@code member} as {@code instance}: sends what is held, in order, then sends directly. */
    void hostUp(Member member, ActorRef instance) {
        List<Held> failed = new ArrayList<>();
        synchronized (lock) {
            host = member;
            target = instance;
            while (!held.isEmpty()) {
                Held h = held.poll();
                if (!send(h)) {
                    failed.add(h);
                }
            }
        }
        for (Held h : failed) {
            overflow(h, "the mailbox of the instance on member " + member.id() + " is full");
        }
    }

    /** The instance on {@code member} stops or is gone (any instance when {@code member} is null): hold from now. */
    void hostDown(Member member) {
        synchronized (lock) {
            if (member == null || member.equals(host)) {
                host = null;
                target = null;
            }
        }
    }

    /** Turns every held message into a dead letter (the member shuts down) and holds no more. */
    void drain(String why) {
        List<Held> dropped;
        synchronized (lock) {
            dropped = new ArrayList<>(held);
            held.clear();
            limit = 0;
        }
        for (Held h : dropped) {
            deadLetter(h, DeadLetter.Reason.ACTOR_STOPPED, "singleton " + name + ": " + why);
        }
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public long uid() {
        return 0;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        tell(message, sender, (Map<String, String>) null);
    }

    @Override
    public void tell(Object message, ActorRef sender, Map<String, String> headers) {
        Objects.requireNonNull(message, "message");
        Held h = new Held(message, sender, headers, null, null, 0);
        synchronized (lock) {
            if (target != null && held.isEmpty()) {
                send(target, h);
                return;
            }
            if (held.size() < limit) {
                held.add(h);
                return;
            }
        }
        overflow(h, null);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<Object> reply = new CompletableFuture<>();
        Held h = new Held(message, null, null, reply, timeout, System.nanoTime() + timeout.toNanos());
        synchronized (lock) {
            if (target != null && held.isEmpty()) {
                return target.ask(message, timeout);
            }
            if (held.size() < limit) {
                held.add(h);
                timer.schedule(() -> reply.completeExceptionally(new AskTimeoutException(this,
                        message.getClass().getName(), timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
                return reply;
            }
        }
        overflow(h, null);
        return reply;
    }

    @Override
    protected Duration askTimeout() {
        return system.config().askTimeout();
    }

    /** Sends {@code h} to the current target; false when its mailbox refused it. Under {@link #lock}. */
    private boolean send(Held h) {
        return send(target, h);
    }

    private boolean send(ActorRef to, Held h) {
        if (h.reply() != null) {
            if (h.reply().isDone()) {
                return true;
            }
            long left = h.deadlineNanos() - System.nanoTime();
            if (left <= 0) {
                h.reply().completeExceptionally(new AskTimeoutException(this, h.message().getClass().getName(),
                        h.timeout()));
                return true;
            }
            to.ask(h.message(), Duration.ofNanos(left)).whenComplete((r, e) -> {
                if (e != null) {
                    h.reply().completeExceptionally(e);
                } else {
                    h.reply().complete(r);
                }
            });
            return true;
        }
        try {
            if (h.headers() != null && to instanceof InternalActorRef r) {
                r.tell(h.message(), h.sender(), h.headers());
            } else {
                to.tell(h.message(), h.sender());
            }
            return true;
        } catch (MailboxFullException e) {
            return false;
        }
    }

    private void overflow(Held h, String why) {
        String detail = "singleton " + name + ": " + (why != null ? why : "the proxy buffer on " + system.name()
                + " is full (limit " + limit + " messages) while no instance is known to run");
        if (h.reply() != null) {
            h.reply().completeExceptionally(new MailboxFullException(address.path(), limit));
        }
        deadLetter(h, DeadLetter.Reason.MAILBOX_FULL, detail);
    }

    private void deadLetter(Held h, DeadLetter.Reason reason, String detail) {
        if (h.reply() != null && !h.reply().isDone()) {
            h.reply().completeExceptionally(new io.goakt.actor.ActorNotAliveException(detail));
        }
        system.deadLetter(h.message(), h.sender(), this, reason, detail);
    }

    @Override
    public boolean sendWatch(ActorRef watcher) {
        ActorRef t;
        synchronized (lock) {
            t = target;
        }
        // Watching a proxy while no instance runs watches nothing; the proxy itself never stops.
        return !(t instanceof InternalActorRef r) || r.sendWatch(watcher);
    }

    @Override
    public void sendUnwatch(ActorRef watcher) {
        ActorRef t;
        synchronized (lock) {
            t = target;
        }
        if (t instanceof InternalActorRef r) {
            r.sendUnwatch(watcher);
        }
    }

    @Override
    public void sendDeathNotification(ActorRef dead) {
        // A proxy is not an actor and watches nothing.
    }

    @Override
    public boolean isTemporary() {
        return false;
    }
}
