package io.goakt.spring.metrics;

import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import io.goakt.remote.RemoteMetrics;
import io.goakt.spring.ClusterLifecycle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Micrometer meters of one system's cluster membership, tagged {@code system}:
 * <ul>
 *   <li>{@code goakt.cluster.members} (gauge): members in this member's view, itself included; 0 when it is not a
 *       member;</li>
 *   <li>{@code goakt.cluster.view.changes} (function counter): views this member installed;</li>
 *   <li>{@code goakt.cluster.singleton.handovers} (function counter): cluster singletons this member started after
 *       they had run on another member;</li>
 *   <li>{@code goakt.cluster.unreachable} (gauge): members of the view this member's failure detector verified
 *       silent;</li>
 *   <li>{@code goakt.cluster.quorum} (gauge): 1 while this member is up and its side of the cluster has quorum,
 *       else 0;</li>
 *   <li>{@code goakt.cluster.peer.messages} and {@code goakt.cluster.peer.bytes} (function counters, tags
 *       {@code peer}, the member's remoting endpoint {@code host:port}, and {@code direction} = {@code outbound} |
 *       {@code inbound}): remote traffic with each other member of the current view.</li>
 * </ul>
 *
 * <p>Unlike {@code goakt.remote.*}, the peer meters are tagged by peer: the peers are the view's members, so their
 * number is the cluster's size, and a member's meters are removed when it leaves the view. Traffic with systems
 * that are not members is counted only in the {@code goakt.remote.*} totals.
 *
 * <p>The traffic comes in as a {@link RemoteMetrics} hook that the auto-configured remoting installs. Its fast path
 * is one concurrent-map read per message, a miss for non-members; counting starts once a member is in a view this
 * binder has seen, so the first messages of a member that just joined may be missed.
 *
 * <p>Threading: the hook runs on network and sender threads at once; the peer map is concurrent and each count is
 * a {@link LongAdder}. {@link #bindTo} and the view synchronisation are {@code synchronized}: the synchronisation
 * always reads the latest view inside the lock, so the last one to run leaves the meters of the latest view.
 */
public final class GoaktClusterMetrics implements MeterBinder, RemoteMetrics {

    private final Supplier<ClusterLifecycle> lifecycle;
    private final ConcurrentHashMap<Endpoint, Traffic> peers = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final List<MeterRegistry> registries = new ArrayList<>();
    /** Guarded by this: the meters of each peer, in every bound registry. */
    private final Map<Endpoint, List<Meter>> peerMeters = new HashMap<>();
    /** Guarded by this. */
    private ClusterLifecycle bound;
    /** Guarded by this. */
    private Tags systemTags;

    /** One member's traffic. */
    private static final class Traffic {
        final LongAdder messagesOut = new LongAdder();
        final LongAdder messagesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
    }

    /**
     * @param lifecycle the membership to observe, or a supplier of {@code null} when there is none (then nothing is
     *                  bound); asked for it only in {@link #bindTo}, since remoting, which installs this hook, is
     *                  created before the membership
     */
    public GoaktClusterMetrics(Supplier<ClusterLifecycle> lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (bound == null) {
            ClusterLifecycle l = lifecycle.get();
            if (l == null) {
                return;
            }
            bound = l;
            systemTags = Tags.of("system", l.system().name());
            l.addListener(this::syncPeers);
        }
        ClusterLifecycle l = bound;
        registries.add(registry);
        Gauge.builder("goakt.cluster.members", l, x -> x.state() == ClusterLifecycle.State.UP
                        ? x.view().map(ClusterView::size).orElse(0) : 0)
                .description("Members in this member's view of the cluster, itself included")
                .tags(systemTags)
                .register(registry);
        FunctionCounter.builder("goakt.cluster.view.changes", l, ClusterLifecycle::viewChanges)
                .description("Cluster views this member installed: joins, leaves, removals and merges")
                .tags(systemTags)
                .register(registry);
        FunctionCounter.builder("goakt.cluster.singleton.handovers", l, x -> x.system()
                        .extension(ClusterSingletons.class).map(ClusterSingletons::handovers).orElse(0L))
                .description("Cluster singletons this member started after they had run on another member")
                .tags(systemTags)
                .register(registry);
        Gauge.builder("goakt.cluster.unreachable", l, x -> x.unreachable().size())
                .description("Members of the view this member's failure detector verified silent")
                .tags(systemTags)
                .register(registry);
        Gauge.builder("goakt.cluster.quorum", l, x -> x.hasQuorum() ? 1 : 0)
                .description("1 while this member's side of the cluster has quorum by goakt.cluster.quorum, else 0")
                .tags(systemTags)
                .register(registry);
        for (Map.Entry<Endpoint, Traffic> e : peers.entrySet()) {
            peerMeters.get(e.getKey()).addAll(register(registry, e.getKey(), e.getValue()));
        }
        syncPeers();
    }

    /** Makes the peer meters those of the latest view's members other than this one. */
    private synchronized void syncPeers() {
        ClusterLifecycle l = bound;
        Set<Endpoint> members = new HashSet<>();
        if (l.state() == ClusterLifecycle.State.UP) {
            l.view().ifPresent(v -> {
                for (Member m : v.members()) {
                    if (!m.equals(v.self())) {
                        members.add(m.remoting());
                    }
                }
            });
        }
        for (Endpoint gone : new ArrayList<>(peers.keySet())) {
            if (!members.contains(gone)) {
                peers.remove(gone);
                for (Meter meter : peerMeters.remove(gone)) {
                    registries.forEach(r -> r.remove(meter));
                }
            }
        }
        for (Endpoint peer : members) {
            if (!peers.containsKey(peer)) {
                Traffic t = new Traffic();
                List<Meter> meters = new ArrayList<>();
                for (MeterRegistry r : registries) {
                    meters.addAll(register(r, peer, t));
                }
                peerMeters.put(peer, meters);
                peers.put(peer, t);
            }
        }
    }

    private List<Meter> register(MeterRegistry registry, Endpoint peer, Traffic t) {
        Tags tags = systemTags.and("peer", peer.toString());
        return List.of(
                counter(registry, "goakt.cluster.peer.messages", "Messages sent to and received from a member",
                        null, tags.and("direction", "outbound"), t.messagesOut),
                counter(registry, "goakt.cluster.peer.messages", "Messages sent to and received from a member",
                        null, tags.and("direction", "inbound"), t.messagesIn),
                counter(registry, "goakt.cluster.peer.bytes",
                        "Frame bytes sent to and received from a member, before compression", "bytes",
                        tags.and("direction", "outbound"), t.bytesOut),
                counter(registry, "goakt.cluster.peer.bytes",
                        "Frame bytes sent to and received from a member, before compression", "bytes",
                        tags.and("direction", "inbound"), t.bytesIn));
    }

    /** Registers a function counter; {@code unit} is a base unit ({@code bytes}) or null for a plain count. */
    private static Meter counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
                                 LongAdder value) {
        return FunctionCounter.builder(name, value, LongAdder::doubleValue)
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }

    @Override
    public void messageSent(Endpoint peer, int bytes) {
        Traffic t = peers.get(peer);
        if (t != null) {
            t.messagesOut.increment();
            t.bytesOut.add(bytes);
        }
    }

    @Override
    public void messageReceived(Endpoint peer, int bytes) {
        Traffic t = peers.get(peer);
        if (t != null) {
            t.messagesIn.increment();
            t.bytesIn.add(bytes);
        }
    }

    @Override
    public String toString() {
        return "GoaktClusterMetrics";
    }
}
