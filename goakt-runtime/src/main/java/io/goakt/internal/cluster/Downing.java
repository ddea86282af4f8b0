package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.protocols.pbcast.GMS;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Downing: an operator removes another member from the cluster at once, and it stays out.
 *
 * <h2>The approach</h2>
 * The member asked to down {@code X} adds {@code X}'s address to its {@link DownedMembers} filter, hands a
 * {@code SUSPECT} of {@code X} to its own {@code GMS}, and broadcasts a down request (control topic
 * {@link #TOPIC}, the body {@code X}'s address) that every other member, {@code X} included, handles the same way.
 * A {@code SUSPECT} passed into {@code GMS} is what a verified failure-detector suspicion is: the coordinator
 * installs a view without {@code X} at once, and when {@code X} is the coordinator, the member next in line takes
 * over and does it. Members that are not the coordinator only note it. So the others see {@link
 * io.goakt.cluster.MemberLeft} without waiting for failure detection, and no
 * {@link io.goakt.cluster.MemberUnreachable}: {@link ClusterNode} reports no suspicion of a downed member.
 *
 * <p>{@code X} itself, when it hears the request (or, when it was cut off, the filter's notice once the cut
 * heals), goes down: {@link ClusterNode} publishes its view of itself alone and
 * {@link io.goakt.cluster.SelfDowned}, and leaves its control plane.
 *
 * <p>Threading: {@link #down} runs on the caller's thread, {@link #onMessage} and {@link #onView} on JGroups'
 * threads. The downed set and the pending stages are concurrent collections: an entry put is seen by every later
 * read that finds it (put happens-before that get).
 */
final class Downing {

    /** The control topic of down requests and notices. */
    static final byte TOPIC = 2;
    /** How long a down waits for the view without the member before its stage fails. */
    static final Duration DOWN_TIMEOUT = Duration.ofSeconds(30);

    private final Set<Address> downed = ConcurrentHashMap.newKeySet();
    private final Map<Address, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();
    private final ClusterNode node;
    private final Consumer<Member> selfDowned;

    /**
     * @param node       the member, whose channel and messaging this uses
     * @param selfDowned called with the member that told this one it was downed
     */
    Downing(ClusterNode node, Consumer<Member> selfDowned) {
        this.node = node;
        this.selfDowned = selfDowned;
    }

    /** A filter for a new stack of this member, sharing the downed set. */
    DownedMembers filter() {
        return new DownedMembers(downed);
    }

    /** True when {@code member} was downed. */
    boolean isDowned(Address member) {
        return member != null && downed.contains(member);
    }

    /**
     * Downs {@code target}, a member of {@code channel}'s view other than this one; the stage completes with true
     * once this member installed a view without it.
     */
    CompletionStage<Boolean> down(JChannel channel, Address target) {
        CompletableFuture<Boolean> result = pending.computeIfAbsent(target, t -> {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            f.orTimeout(DOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ok, e) -> pending.remove(t, f));
            return f;
        });
        exclude(channel, target);
        node.broadcast(TOPIC, DownedMembers.encode(target));
        View view = channel.getView();
        if (view == null || !view.containsMember(target)) {
            result.complete(true);
        }
        return result;
    }

    /** A down request from another member, or a notice that this member was downed. */
    void onMessage(Member from, byte[] body) {
        Address target = DownedMembers.decode(body);
        JChannel channel = node.channel();
        if (target == null || channel == null) {
            return;
        }
        if (target.equals(channel.getAddress())) {
            selfDowned.accept(from);
        } else {
            exclude(channel, target);
        }
    }

    /** Completes the downs whose member {@code view} no longer holds. */
    void onView(View view) {
        pending.forEach((target, f) -> {
            if (!view.containsMember(target)) {
                f.complete(true);
            }
        });
    }

    /** Fails the downs still waiting: this member left before it saw their views. */
    void abandon(String reason) {
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
    }

    private void exclude(JChannel channel, Address target) {
        downed.add(target);
        View view = channel.getView();
        GMS gms = channel.getProtocolStack().findProtocol(GMS.class);
        if (gms != null && view != null && view.containsMember(target)) {
            gms.up(new Event(Event.SUSPECT, List.of(target)));
        }
    }
}
