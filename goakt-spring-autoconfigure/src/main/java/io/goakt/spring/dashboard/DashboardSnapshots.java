package io.goakt.spring.dashboard;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRegistry;
import io.goakt.remote.RemoteStats;
import io.goakt.remote.Remoting;
import io.goakt.spring.ClusterLifecycle;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Computes the dashboard's snapshot: one JSON document per tick, shared by every viewer.
 *
 * <h2>Large trees</h2>
 * A snapshot carries every actor's numbers only up to {@link #MAX_NODES} actors. {@code system.actors()} lists
 * actors breadth first (a parent before its children), so the first {@code MAX_NODES} of that list form a tree
 * whose every node's parent is in it too: the top levels are always there, whatever the fan-out below. Each node
 * carries its live children and its whole subtree's size, so a parent whose children did not all fit shows how many
 * are missing, and the page says so. The actors that did not fit are found by name through {@link #search}, which
 * looks through the last tick's full list. The stream thus stays at most {@code MAX_NODES} nodes (about 250 KB) a
 * tick for any tree; the page is collapsed below the top level by default.
 *
 * <h2>Rates</h2>
 * Messages per second come from each actor's processed counter, compared with the previous tick's; an actor new
 * since then shows 0. Dead letters per second and remoting traffic come from the system's counters the same way.
 *
 * <p>Threading: {@link #tick()} is called by the one ticker thread; {@link #search} by request threads, reading the
 * list the last tick published.
 */
final class DashboardSnapshots {

    /** Most actors one snapshot lists with their numbers. */
    static final int MAX_NODES = 2_000;

    /** Most actors one search answers with. */
    static final int MAX_SEARCH = 100;

    private final ActorSystem system;
    private final DashboardEvents events;
    private final Supplier<Optional<ClusterLifecycle>> cluster;
    private final boolean actionsEnabled;

    private Map<String, Integer> previousIndex = Map.of();
    private long[] previousProcessed = new long[0];
    private long previousNanos;
    private long previousDeadLetters = -1;
    private RemoteStats previousRemote;
    private long ticks;

    /** The last tick's actors and their rates, by position; read by {@link #search}. */
    private volatile Tick last = new Tick(List.of(), new String[0], new double[0]);

    private record Tick(List<ActorInfo> infos, String[] paths, double[] rates) {
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
        List<ActorInfo> infos = system.actors();
        double seconds = previousNanos == 0 ? 0 : (start - previousNanos) / 1e9;
        int n = infos.size();
        // one map a tick, path -> position; the next tick finds each actor's previous counter through it
        Map<String, Integer> index = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
        long[] processed = new long[n];
        double[] rates = new double[n];
        int[] subtree = new int[n];
        Map<String, Integer> before = previousIndex;
        long[] beforeProcessed = previousProcessed;
        // a local ref builds its path string on every call: take each once
        String[] paths = new String[n];
        for (int i = 0; i < n; i++) {
            ActorInfo info = infos.get(i);
            paths[i] = info.path();
            index.put(paths[i], i);
            processed[i] = info.processedCount();
            Integer was = before.get(paths[i]);
            rates[i] = was == null || seconds <= 0 ? 0.0
                    : Math.max(0, processed[i] - beforeProcessed[was]) / seconds;
        }
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        for (int i = 0; i < n; i++) {
            for (String child : infos.get(i).children()) {
                Integer c = index.get(child);
                if (c != null) {
                    parent[c] = i;
                }
            }
        }
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
        Map<String, DashboardEvents.Failure> failures = events.failures();

        StringBuilder out = new StringBuilder(1024 + shown * 128);
        JsonWriter json = new JsonWriter(out);
        json.raw("{").field("system", system.name()).comma().field("time", Instant.now().toString())
                .comma().field("tick", ++ticks).comma().field("actors", n).comma().field("topLevel", topLevel).comma().field("shown", shown)
                .comma().field("truncated", n > shown).comma().field("actions", actionsEnabled)
                .comma().name("nodes").raw("[");
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                json.comma();
            }
            node(json, infos.get(i), paths[i], rates[i], subtree[i], failures);
        }
        json.raw("]");
        deadLetters(json, seconds);
        eventTail(json);
        remoting(json, seconds);
        grains(json);
        cluster(json);
        json.comma().field("tickMillis", (System.nanoTime() - start) / 1e6);
        json.raw("}");

        previousIndex = index;
        previousProcessed = processed;
        previousNanos = start;
        last = new Tick(infos, paths, rates);
        return out.toString();
    }

    /** Up to {@link #MAX_SEARCH} actors of the last tick whose name contains {@code query}, ignoring case. */
    String search(String query) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        Tick tick = last;
        List<ActorInfo> infos = tick.infos();
        Map<String, DashboardEvents.Failure> failures = events.failures();
        StringBuilder out = new StringBuilder();
        JsonWriter json = new JsonWriter(out);
        json.raw("{").field("query", query).comma().name("nodes").raw("[");
        int found = 0;
        int total = 0;
        for (int i = 0; i < infos.size(); i++) {
            ActorInfo info = infos.get(i);
            String path = tick.paths()[i];
            if (!q.isEmpty() && nameOf(path).toLowerCase(Locale.ROOT).contains(q)) {
                total++;
                if (found < MAX_SEARCH) {
                    if (found++ > 0) {
                        json.comma();
                    }
                    node(json, info, path, tick.rates()[i], -1, failures);
                }
            }
        }
        json.raw("]").comma().field("matches", total).raw("}");
        return out.toString();
    }

    private static void node(JsonWriter json, ActorInfo info, String path, double rate, int subtree,
                             Map<String, DashboardEvents.Failure> failures) {
        json.raw("{").field("p", path).comma().field("s", info.state().name())
                .comma().field("k", simpleName(info.kind())).comma().field("m", info.mailboxSize())
                .comma().field("r", rate).comma().field("x", info.restartCount())
                .comma().field("c", info.children().size());
        if (subtree >= 0) {
            json.comma().field("d", subtree);
        }
        DashboardEvents.Failure f = failures.isEmpty() ? null : failures.get(path);
        if (f != null) {
            json.comma().name("f").raw("{").field("time", f.time().toString()).comma()
                    .field("exception", f.exception()).comma().field("detail", f.detail()).comma()
                    .field("messageType", f.messageType()).raw("}");
        }
        json.raw("}");
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
                .raw("}");
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
                            .sorted().toList())).raw("}");
        }
        json.raw("]}");
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
