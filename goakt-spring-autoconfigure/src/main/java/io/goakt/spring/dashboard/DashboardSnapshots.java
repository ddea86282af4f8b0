package io.goakt.spring.dashboard;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorVisitor;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterGrains;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRegistry;
import io.goakt.remote.Endpoint;
import io.goakt.remote.PeerStats;
import io.goakt.remote.RemoteStats;
import io.goakt.remote.Remoting;
import io.goakt.router.GetRoutees;
import io.goakt.router.RouterActor;
import io.goakt.router.Routees;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.internal.RouterClasses;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Computes the dashboard's snapshot: one JSON document per tick, shared by every viewer.
 *
 * <h2>Large trees</h2>
 * A snapshot carries every actor's numbers only up to {@link #MAX_NODES} actors. {@link ActorSystem#walkActors}
 * walks actors breadth first (a parent before its children), so the first {@code MAX_NODES} of the walk form a tree
 * whose every node's parent is in it too: the top levels are always there, whatever the fan-out below. Each node
 * carries its live children and its whole subtree's size, so a parent whose children did not all fit shows how many
 * are missing, and the page says so. The actors that did not fit are found by name through {@link #search}, which
 * looks through the last tick's full list. The stream thus stays at most {@code MAX_NODES} nodes (about 250 KB) a
 * tick for any tree; the page is collapsed below the top level by default.
 *
 * <h2>Cost of a tick</h2>
 * The walk gives a full snapshot ({@link ActorInfo}) of the listed actors only; of the others the tick keeps the
 * ref, the parent's position and the processed count, in arrays by position, and builds no string: a listed path is
 * its parent's path plus the name, and a search builds the paths of its matches alone. Rates match an actor with the
 * previous tick's by position (see {@link #rates}), so a tick of a tree that did not change builds no map.
 *
 * <h2>Rates</h2>
 * Messages per second come from each actor's processed counter, compared with the previous tick's; an actor new
 * since then shows 0. Dead letters per second and remoting traffic, in total and per peer
 * ({@link RemoteStats#peers()}, at most {@link #MAX_PEERS}), come from the system's counters the same way.
 *
 * <h2>Routers</h2>
 * An actor whose class implements {@link RouterActor} is marked a router ({@code "rt"}), with its routee count
 * ({@code "rn"}) from its answer to {@link GetRoutees}. Each tick asks every listed router that has no question
 * outstanding, without waiting; the answer shows from the next tick on. That is one message per router a tick,
 * and the routee count is the router's own (a cluster-aware router's remote routees included, a pool's draining
 * routees not), which its children list cannot say.
 *
 * <h2>Grains per member</h2>
 * When the system is a cluster member with cluster grains, each tick asks every member for its activations by kind
 * ({@link ClusterGrains#activeByKindPerMember}, on the control plane) unless the last question is still out, and
 * the members panel shows the last answer: a member's count appears from the tick after it answered, and a member
 * that did not answer within {@link #GRAINS_PER_MEMBER_TIMEOUT} shows none.
 *
 * <p>Threading: {@link #tick()} is called by the one ticker thread; {@link #search} by request threads, reading the
 * list the last tick published. Routee counts are written by ask completions on any thread.
 */
final class DashboardSnapshots {

    /** Most actors one snapshot lists with their numbers. */
    static final int MAX_NODES = 2_000;

    /** Most actors one search answers with. */
    static final int MAX_SEARCH = 100;

    /** Most remoting peers one snapshot lists; {@code peerCount} says how many there are. */
    static final int MAX_PEERS = 200;

    /** How long the members have to say their grain activations; one that is slower is shown without them. */
    private static final Duration GRAINS_PER_MEMBER_TIMEOUT = Duration.ofSeconds(2);

    /** How long a router has to answer {@link GetRoutees} before the next tick asks again. */
    private static final Duration ROUTEES_TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem system;
    private final DashboardEvents events;
    private final Supplier<Optional<ClusterLifecycle>> cluster;
    private final boolean actionsEnabled;

    /** The previous tick's actors and processed counts, by position; the tick thread's alone. */
    private ActorRef[] previousRefs = new ActorRef[0];
    private long[] previousProcessed = new long[0];
    private int previousCount;
    /** Buffers the tick reuses: the counts it does not publish. */
    private long[] processedBuffer = new long[0];
    private int[] parentBuffer = new int[0];
    private int[] subtreeBuffer = new int[0];
    private final StringBuilder text = new StringBuilder(1024 + MAX_NODES * 128);
    private long previousNanos;
    private long previousDeadLetters = -1;
    private RemoteStats previousRemote;
    private long ticks;

    /** Which actor classes are routers; bounded by the application's actor classes. */
    private final RouterClasses routerClasses = new RouterClasses(Thread.currentThread().getContextClassLoader());
    /** Router path -> its routee count as last answered; only routers listed by the last tick. */
    private final Map<String, Integer> routeeCounts = new ConcurrentHashMap<>();
    /** Router paths with a {@link GetRoutees} question outstanding. */
    private final Set<String> asking = ConcurrentHashMap.newKeySet();
    /** Member id -> kind -> activations, as the members last answered; empty until the first answer. */
    private volatile Map<String, Map<String, Integer>> grainsPerMember = Map.of();
    /** Whether a grains-per-member question is outstanding. */
    private final AtomicBoolean askingGrains = new AtomicBoolean();

    /** The last tick's actors and their rates, by position; read by {@link #search}. */
    private volatile Tick last = new Tick(new ActorRef[0], new float[0], 0);

    private record Tick(ActorRef[] refs, float[] rates, int count) {
    }

    DashboardSnapshots(ActorSystem system, DashboardEvents events, Supplier<Optional<ClusterLifecycle>> cluster,
                       boolean actionsEnabled) {
        this.system = system;
        this.events = events;
        this.cluster = cluster;
        this.actionsEnabled = actionsEnabled;
    }

    /** Computes the next snapshot. */
    String tick() {
        long start = System.nanoTime();
        double seconds = previousNanos == 0 ? 0 : (start - previousNanos) / 1e9;
        Walk walk = new Walk(Math.max(16, system.actorCount() + system.actorCount() / 8));
        system.walkActors(MAX_NODES, walk);
        int n = walk.count;
        ActorRef[] refs = walk.refs;
        long[] processed = walk.processed;
        int[] parent = walk.parents;
        float[] rates = rates(refs, processed, n, seconds);
        int[] subtree = subtreeBuffer.length >= n ? subtreeBuffer : new int[refs.length];
        Arrays.fill(subtree, 0, n, 0);
        subtreeBuffer = subtree;
        // breadth-first order: every child comes after its parent, so one backward pass sums the subtrees
        int topLevel = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (parent[i] >= 0) {
                subtree[parent[i]] += subtree[i] + 1;
            } else {
                topLevel++;
            }
        }
        int shown = Math.min(n, MAX_NODES);
        // the listed actors' paths from their parents' (a listed actor's parent is listed): no string per actor
        // built from the root, and none at all for the actors not listed
        String[] paths = new String[shown];
        int[] children = new int[shown];
        for (int i = 0; i < shown; i++) {
            int p = parent[i];
            paths[i] = p < 0 ? refs[i].path() : paths[p] + "/" + refs[i].name();
        }
        for (int i = 1; i < n; i++) {
            int p = parent[i];
            if (p >= shown) {
                break; // breadth first: the parents only grow from here
            }
            if (p >= 0 && (i >= MAX_NODES || isLive(walk.details[i]))) {
                children[p]++;
            }
        }
        Map<String, DashboardEvents.Failure> failures = events.failures();
        askRoutees(walk.details, refs, paths, shown);

        StringBuilder out = text;
        out.setLength(0); // the snapshot's text is copied out below: the builder keeps its capacity for the next tick
        JsonWriter json = new JsonWriter(out);
        json.raw("{").field("system", system.name()).comma().field("time", Instant.now().toString())
                .comma().field("tick", ++ticks).comma().field("actors", n).comma().field("topLevel", topLevel).comma().field("shown", shown)
                .comma().field("truncated", n > shown).comma().field("actions", actionsEnabled)
                .comma().name("nodes").raw("[");
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                json.comma();
            }
            node(json, walk.details[i], paths[i], rates[i], children[i], subtree[i], failures);
        }
        json.raw("]");
        deadLetters(json, seconds);
        eventTail(json);
        remoting(json, seconds);
        grains(json);
        cluster(json);
        json.comma().field("tickMillis", (System.nanoTime() - start) / 1e6);
        json.raw("}");

        // the walk's processed array becomes the previous tick's; the one before that is reused by the next walk
        processedBuffer = previousProcessed;
        parentBuffer = parent;
        previousRefs = refs;
        previousProcessed = processed;
        previousCount = n;
        previousNanos = start;
        last = new Tick(refs, rates, n);
        return out.toString();
    }

    /** A child counts as its parent's until it begins to stop, as {@link ActorInfo#children()} counts. */
    private static boolean isLive(ActorInfo info) {
        return info.state() != ActorInfo.State.STOPPING && info.state() != ActorInfo.State.STOPPED;
    }

    /**
     * Messages per second of each actor since the previous tick. An actor is looked for at its previous position
     * shifted as the last match was (a spawn or stop moves the actors after it by the same amount); only when that
     * misses, the previous positions are indexed by ref, once a tick. An actor new since then shows 0.
     */
    private float[] rates(ActorRef[] refs, long[] processed, int n, double seconds) {
        float[] rates = new float[n];
        if (seconds <= 0) {
            return rates;
        }
        ActorRef[] before = previousRefs;
        long[] beforeProcessed = previousProcessed;
        int beforeCount = previousCount;
        Map<ActorRef, Integer> index = null;
        int shift = 0;
        for (int i = 0; i < n; i++) {
            int j = i + shift;
            if (j < 0 || j >= beforeCount || before[j] != refs[i]) {
                if (index == null) {
                    index = new IdentityHashMap<>(beforeCount * 4 / 3 + 1);
                    for (int k = 0; k < beforeCount; k++) {
                        index.put(before[k], k);
                    }
                }
                Integer was = index.get(refs[i]);
                if (was == null) {
                    continue;
                }
                j = was;
                shift = j - i;
            }
            rates[i] = (float) (Math.max(0, processed[i] - beforeProcessed[j]) / seconds);
        }
        return rates;
    }

    /** Collects a walk into arrays by position, reusing the last tick's buffers where they fit. */
    private final class Walk implements ActorVisitor {
        ActorRef[] refs;
        long[] processed;
        int[] parents;
        final ActorInfo[] details = new ActorInfo[MAX_NODES];
        int count;

        Walk(int expected) {
            refs = new ActorRef[expected]; // published to searches: a new array each tick
            processed = processedBuffer.length >= expected ? processedBuffer : new long[expected];
            parents = parentBuffer.length >= expected ? parentBuffer : new int[expected];
        }

        @Override
        public void visit(int parent, ActorRef ref, long processedCount, ActorInfo detail) {
            if (count == refs.length) {
                int grown = refs.length * 2;
                refs = Arrays.copyOf(refs, grown);
                processed = Arrays.copyOf(processed, grown);
                parents = Arrays.copyOf(parents, grown);
            }
            refs[count] = ref;
            processed[count] = processedCount;
            parents[count] = parent;
            if (count < MAX_NODES) {
                details[count] = detail;
            }
            count++;
        }
    }

    /** Up to {@link #MAX_SEARCH} actors of the last tick whose name contains {@code query}, ignoring case. */
    String search(String query) {
        String q = query == null ? "" : query;
        Tick tick = last;
        Map<String, DashboardEvents.Failure> failures = events.failures();
        StringBuilder out = new StringBuilder();
        JsonWriter json = new JsonWriter(out);
        json.raw("{").field("query", query).comma().name("nodes").raw("[");
        int found = 0;
        int total = 0;
        for (int i = 0; i < tick.count(); i++) {
            ActorRef ref = tick.refs()[i];
            if (!q.isEmpty() && containsIgnoreCase(ref.name(), q)) {
                total++;
                if (found < MAX_SEARCH) {
                    String path = ref.path();
                    Optional<ActorInfo> info = system.inspect(path);
                    if (info.isPresent()) {
                        if (found++ > 0) {
                            json.comma();
                        }
                        node(json, info.get(), path, tick.rates()[i], info.get().children().size(), -1, failures);
                    }
                }
            }
        }
        json.raw("]").comma().field("matches", total).raw("}");
        return out.toString();
    }

    /** Whether {@code text} contains {@code part}, ignoring case, without a lower-cased copy of either. */
    static boolean containsIgnoreCase(String text, String part) {
        for (int k = 0, last = text.length() - part.length(); k <= last; k++) {
            if (text.regionMatches(true, k, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private void node(JsonWriter json, ActorInfo info, String path, double rate, int children, int subtree,
                      Map<String, DashboardEvents.Failure> failures) {
        json.raw("{").field("p", path).comma().field("s", info.state().name())
                .comma().field("k", simpleName(info.kind())).comma().field("m", info.mailboxSize())
                .comma().field("r", rate).comma().field("x", info.restartCount())
                .comma().field("c", children);
        if (subtree >= 0) {
            json.comma().field("d", subtree);
        }
        if (isRouter(info.kind())) {
            json.comma().field("rt", true);
            Integer routees = routeeCounts.get(path);
            if (routees != null) {
                json.comma().field("rn", routees);
            }
        }
        DashboardEvents.Failure f = failures.isEmpty() ? null : failures.get(path);
        if (f != null) {
            json.comma().name("f").raw("{").field("time", f.time().toString()).comma()
                    .field("exception", f.exception()).comma().field("detail", f.detail()).comma()
                    .field("messageType", f.messageType()).raw("}");
        }
        json.raw("}");
    }

    /** Asks the listed routers for their routees; forgets the counts of routers no longer listed. */
    private void askRoutees(ActorInfo[] infos, ActorRef[] refs, String[] paths, int shown) {
        Set<String> routers = new HashSet<>();
        for (int i = 0; i < shown; i++) {
            ActorInfo info = infos[i];
            if (!isRouter(info.kind())) {
                continue;
            }
            String path = paths[i];
            routers.add(path);
            if (info.state() == ActorInfo.State.RUNNING && asking.add(path)) {
                refs[i].ask(GetRoutees.INSTANCE, Routees.class, ROUTEES_TIMEOUT).whenComplete((answer, failure) -> {
                    if (answer != null) {
                        routeeCounts.put(path, answer.routees().size());
                    }
                    asking.remove(path);
                });
            }
        }
        routeeCounts.keySet().retainAll(routers);
    }

    /** Whether {@code kind} names a class implementing {@link RouterActor}; answers are cached per class name. */
    boolean isRouter(String kind) {
        return routerClasses.isRouter(kind);
    }

    private void deadLetters(JsonWriter json, double seconds) {
        long total = system.deadLetterCount();
        double rate = previousDeadLetters < 0 || seconds <= 0 ? 0 : Math.max(0, total - previousDeadLetters) / seconds;
        previousDeadLetters = total;
        json.comma().name("deadLetters").raw("{").field("total", total).comma().field("perSecond", rate)
                .comma().name("latest").raw("[");
        boolean first = true;
        for (DashboardEvents.DeadLetterLine d : events.deadLetters()) {
            if (!first) {
                json.comma();
            }
            first = false;
            json.raw("{").field("time", d.time().toString()).comma().field("reason", d.reason()).comma()
                    .field("receiver", d.receiver()).comma().field("messageType", d.messageType()).raw("}");
        }
        json.raw("]}");
    }

    private void eventTail(JsonWriter json) {
        json.comma().name("events").raw("[");
        boolean first = true;
        for (DashboardEvents.Event e : events.tail()) {
            if (!first) {
                json.comma();
            }
            first = false;
            json.raw("{").field("time", e.time().toString()).comma().field("type", e.type()).comma()
                    .field("path", e.path()).comma().field("detail", e.detail()).raw("}");
        }
        json.raw("]");
    }

    private void remoting(JsonWriter json, double seconds) {
        Optional<Remoting> remoting = Remoting.of(system);
        json.comma().name("remoting");
        if (remoting.isEmpty()) {
            json.raw("null");
            return;
        }
        RemoteStats stats = remoting.get().stats();
        RemoteStats before = previousRemote;
        previousRemote = stats;
        boolean rated = before != null && seconds > 0;
        json.raw("{").field("endpoint", remoting.get().endpoint().toString())
                .comma().field("openConnections", stats.openConnections())
                .comma().field("sentPerSecond", rated ? (stats.messagesSent() - before.messagesSent()) / seconds : 0)
                .comma().field("receivedPerSecond",
                        rated ? (stats.messagesReceived() - before.messagesReceived()) / seconds : 0)
                .comma().field("bytesSent", stats.bytesSent()).comma().field("bytesReceived", stats.bytesReceived())
                .comma().field("peerCount", stats.peers().size()).comma().name("peers").raw("[");
        Map<Endpoint, PeerStats> was = new HashMap<>();
        if (rated) {
            before.peers().forEach(p -> was.put(p.peer(), p));
        }
        int listed = Math.min(stats.peers().size(), MAX_PEERS);
        for (int i = 0; i < listed; i++) {
            PeerStats p = stats.peers().get(i);
            PeerStats b = was.get(p.peer());
            if (i > 0) {
                json.comma();
            }
            // a peer new since the last tick did all its counting since then; its received count restarts with a
            // new connection, so a fall reads as no traffic, not negative
            long sentBefore = b == null ? 0 : b.messagesSent();
            long receivedBefore = b == null ? 0 : b.messagesReceived();
            json.raw("{").field("peer", p.peer().toString())
                    .comma().field("sentPerSecond", rated ? Math.max(0, p.messagesSent() - sentBefore) / seconds : 0)
                    .comma().field("receivedPerSecond",
                            rated ? Math.max(0, p.messagesReceived() - receivedBefore) / seconds : 0)
                    .comma().field("messagesSent", p.messagesSent()).comma().field("messagesReceived", p.messagesReceived())
                    .comma().field("bytesSent", p.bytesSent()).comma().field("bytesReceived", p.bytesReceived())
                    .raw("}");
        }
        json.raw("]}");
    }

    private void grains(JsonWriter json) {
        Optional<GrainRegistry> registry = system.extension(GrainRegistry.class);
        json.comma().name("grains");
        if (registry.isEmpty()) {
            json.raw("null");
            return;
        }
        Map<String, Integer> byKind = new TreeMap<>();
        registry.get().kinds().forEach(k -> byKind.put(k, 0));
        for (GrainIdentity g : registry.get().activeGrains()) {
            byKind.merge(g.kind(), 1, Integer::sum);
        }
        json.raw("{");
        boolean first = true;
        for (Map.Entry<String, Integer> e : byKind.entrySet()) {
            if (!first) {
                json.comma();
            }
            first = false;
            json.field(e.getKey(), e.getValue());
        }
        json.raw("}");
    }

    private void cluster(JsonWriter json) {
        Optional<ClusterView> view = cluster.get().flatMap(ClusterLifecycle::view);
        json.comma().name("cluster");
        if (view.isEmpty()) {
            json.raw("null");
            return;
        }
        Set<String> unreachable = cluster.get().map(ClusterLifecycle::unreachable).orElse(Set.of());
        // singleton name -> the member it runs on, as this member last heard
        Map<String, Member> singletons = cluster.get().flatMap(ClusterLifecycle::cluster).filter(Cluster::isUp)
                .flatMap(c -> system.extension(ClusterSingletons.class)).map(ClusterSingletons::locations)
                .orElse(Map.of());
        Optional<ClusterGrains> grains = ClusterGrains.of(system);
        grains.ifPresent(this::askGrainsPerMember);
        Map<String, Map<String, Integer>> perMember = grains.isPresent() ? grainsPerMember : Map.of();
        json.raw("{").field("viewId", view.get().viewId()).comma().field("self", view.get().self().id())
                .comma().name("members").raw("[");
        boolean first = true;
        for (Member m : view.get().members()) {
            if (!first) {
                json.comma();
            }
            first = false;
            json.raw("{").field("id", m.id()).comma().field("host", m.host() + ":" + m.controlPort())
                    .comma().field("remoting", m.remoting().toString())
                    .comma().field("status", unreachable.contains(m.id()) ? "UNREACHABLE" : "UP")
                    .comma().field("roles", String.join(",", new TreeSet<>(m.roles())))
                    .comma().field("singletons", String.join(",", singletons.entrySet().stream()
                            .filter(e -> e.getValue().id().equals(m.id())).map(Map.Entry::getKey)
                            .sorted().toList()));
            Map<String, Integer> byKind = perMember.get(m.id());
            if (byKind != null) {
                json.comma().field("grains", byKind.values().stream().mapToInt(Integer::intValue).sum())
                        .comma().name("grainsByKind").raw("{");
                boolean firstKind = true;
                for (Map.Entry<String, Integer> e : new TreeMap<>(byKind).entrySet()) {
                    if (!firstKind) {
                        json.comma();
                    }
                    firstKind = false;
                    json.field(e.getKey(), e.getValue());
                }
                json.raw("}");
            }
            json.raw("}");
        }
        json.raw("]}");
    }

    /** Asks every member for its grain activations, unless a question is out; the answer shows from a later tick. */
    private void askGrainsPerMember(ClusterGrains grains) {
        if (!askingGrains.compareAndSet(false, true)) {
            return;
        }
        try {
            grains.activeByKindPerMember(GRAINS_PER_MEMBER_TIMEOUT).whenComplete((answer, failure) -> {
                if (answer != null) {
                    grainsPerMember = Map.copyOf(answer);
                }
                askingGrains.set(false);
            });
        } catch (RuntimeException e) {
            askingGrains.set(false); // the cluster is stopping: the next tick asks again, or finds no cluster
        }
    }

    /** The path of {@code path}'s parent ("" for a top-level path's guardian-less parent). */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }

    /** The last segment of {@code path}. */
    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String simpleName(String className) {
        if (className == null) {
            return null;
        }
        int cut = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(cut + 1);
    }
}
