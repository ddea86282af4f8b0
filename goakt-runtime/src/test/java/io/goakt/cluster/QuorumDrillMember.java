package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Actors;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.UndeliverableMessage;
import io.goakt.serialization.Serialization;
import io.goakt.testsupport.MultiJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cluster member in a JVM of its own for {@link QuorumProcessDrillTest} and {@link SingletonGrainProcessDrillTest}:
 * cluster-unique echo actors, the singleton and grain kind of {@link DrillServices} (which print their starts and
 * stops), a load driver that keeps asking and telling them during a fault, and the accounting of both.
 *
 * <p>Arguments: the cluster name, the host to bind (control plane and remoting), the control port, the
 * comma-separated {@code host:port} list of every member, the command file, {@code min-peers}, and optionally the
 * failure detection: {@code fast} ({@link FailureDetection#fast()}, the default) or {@code loaded}
 * ({@link #LOADED}); behind {@link io.goakt.testsupport.FaultProxies} three more: the control port to advertise, the
 * remoting port to bind and the remoting port to advertise (the proxies' ports). It joins with static discovery and
 * the default quorum rule (keep-majority).
 *
 * <p>It prints {@code system <name>} once it joined, {@code view size=<n> members=[<host:port>, ...] merged=<b>} on
 * every view,
 * {@code quorum lost reachable=<n> reason=<text>} and {@code quorum regained size=<n>} on the quorum events, and
 * {@code state registry={<name>=<owner system>, ...} running=[<names whose actors run here>]} whenever either
 * changes. Owner systems are {@code drill-<host>-<port>}.
 *
 * <p>The test appends lines {@code <seq> <command> <arguments...>} to the command file; the member runs each new
 * line once, in order, on its one {@code drill} thread, and prints {@code <seq> <result>}. The commands are the
 * entries of {@link #commands()}: a check for another cluster service (a singleton, a grain) is one more entry.
 * <ul>
 *   <li>{@code spawn <name>}: an echo actor under the cluster-unique name: {@code spawned <name>} or
 *       {@code failed <exception class> <message>}.</li>
 *   <li>{@code ask <name>}: one ask by name ({@link ClusterActors#actorOf}), 5 s timeout: {@code replied <system>}
 *       or {@code failed <exception class> <message>}.</li>
 *   <li>{@code status}: {@code status size=<n> quorum=<b>}.</li>
 *   <li>{@code ask-singleton}, {@code ask-grain <id>}: one ask through the singleton's proxy or to a grain, as
 *       {@code ask}.</li>
 *   <li>{@code singletons}: {@code singletons [<name>=<host:port>, ...]}, where this member places each.</li>
 *   <li>{@code load-start <interval ms> <target>,<target>,...}: every interval, an ask and a tell to each target
 *       until {@code load-stop}: {@code load started}. A target is a cluster name, {@code singleton} (through its
 *       proxy) or {@code grain:<id>}.</li>
 *   <li>{@code load-answered}: {@code answered=<asks of the load answered so far>}.</li>
 *   <li>{@code load-stop}: stops sending, waits (at most 20 s) for the asks in flight and prints
 *       {@code load asks=<n> answered=<n> failed=<n> hung=<n> tells=<n> failedByName={<name>=<n>, ...}
 *       failures={<exception class>=<n>, ...}}.</li>
 *   <li>{@code report}: what reached this member of the tells: {@code report delivered=<distinct tells that reached
 *       an echo here> duplicates=<repeat deliveries> deadletters=<drill tells dead-lettered here>
 *       reasons={<reason>=<n>, ...}}.</li>
 *   <li>{@code load-table} (after {@code load-stop}): {@code table <target>=<asks>/<answered>/<failed>/<hung>/<tells>
 *       ...}.</li>
 *   <li>{@code report-targets}: {@code targets delivered={<target>=<distinct tells>, ...} deadletters={<target>=<n>,
 *       ...} grainsHandled={<grain id>=<messages handled here>, ...}}; dead letters remoting could not attribute
 *       count under {@code remote}.</li>
 *   <li>{@code leave}: a graceful leave ({@link Cluster#leave()}) and shutdown of the system, then the lines
 *       {@code report ...} and {@code targets ...} (as the two commands above print them, without a sequence
 *       number: what reached this member over its life), then {@code <seq> left}, and the JVM exits with 0.</li>
 * </ul>
 * It ends after five minutes at the latest, or when the test's JVM ends.
 */
public final class QuorumDrillMember {

    /** What an echo answers: the actor system it runs on. */
    record Echo(String system) {
    }

    /** What the driver asks. */
    record Ping(long id) {
    }

    /** What the driver tells; the echo counts it. {@code target} is what the load sent it to. */
    record Tell(long id, String target) {
    }

    /** A load's destination: a cluster name, {@code singleton}, or {@code grain:<id>}. */
    record Target(String name, ActorRef actor, io.goakt.grain.GrainRef grain) {
        java.util.concurrent.CompletionStage<Object> ask(Object message) {
            return actor != null ? actor.ask(message, ASK_TIMEOUT) : grain.ask(message, ASK_TIMEOUT);
        }

        void tell(Object message) {
            if (actor != null) {
                actor.tell(message);
            } else {
                grain.tell(message);
            }
        }
    }

    /** One command: {@code args} are the words after the command's name; prints its own result line. */
    @FunctionalInterface
    interface Command {
        void run(Loop loop, String seq, List<String> args) throws Exception;
    }

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final String TELL_TYPE = "drill.Tell";
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(20);

    private QuorumDrillMember() {
    }

    /** The commands the test may send, by name. */
    static Map<String, Command> commands() {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("spawn", (loop, seq, args) -> {
            try {
                ActorRef ref = loop.actors.spawn(args.get(0), loop::echo, SpawnOptions.defaults())
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                loop.spawned.put(args.get(0), ref);
                print(seq + " spawned " + args.get(0));
            } catch (Exception e) {
                print(seq + " failed " + describe(e));
            }
        });
        c.put("ask", (loop, seq, args) -> {
            try {
                Object reply = loop.actors.actorOf(args.get(0)).ask(new Ping(-1), ASK_TIMEOUT)
                        .toCompletableFuture().get(ASK_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                print(seq + " replied " + ((Echo) reply).system());
            } catch (Exception e) {
                print(seq + " failed " + describe(e));
            }
        });
        c.put("ask-singleton", (loop, seq, args) -> print(seq + " " + askOnce(loop.target("singleton"))));
        c.put("ask-grain", (loop, seq, args) -> print(seq + " " + askOnce(loop.target("grain:" + args.get(0)))));
        c.put("singletons", (loop, seq, args) -> print(seq + " singletons " + new TreeMap<>(
                ClusterSingletons.of(loop.system).locations()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().host() + ":" + e.getValue().controlPort()).toList()));
        c.put("load-table", (loop, seq, args) -> print(seq + " " + table(loop.load)));
        c.put("report-targets", (loop, seq, args) -> print(seq + " " + loop.targetsLine()));
        c.put("status", (loop, seq, args) -> print(seq + " status size=" + loop.cluster.view().size()
                + " quorum=" + loop.cluster.hasQuorum()));
        c.put("load-start", (loop, seq, args) -> {
            loop.load = new Load(loop::target, Arrays.asList(args.get(1).split(",")));
            long interval = Long.parseLong(args.get(0));
            loop.loadTask = loop.timer.scheduleWithFixedDelay(loop.load::round, 0, interval, TimeUnit.MILLISECONDS);
            print(seq + " load started");
        });
        c.put("load-answered", (loop, seq, args) -> print(seq + " answered=" + loop.load.answered.sum()));
        c.put("load-stop", (loop, seq, args) -> {
            loop.loadTask.cancel(false);
            print(seq + " " + loop.load.drain());
        });
        c.put("report", (loop, seq, args) -> print(seq + " " + loop.reportLine()));
        c.put("leave", (loop, seq, args) -> {
            loop.cluster.leave().toCompletableFuture().get(30, TimeUnit.SECONDS);
            loop.system.shutdown(Duration.ofSeconds(10));
            print(loop.reportLine());
            print(loop.targetsLine());
            print(seq + " left");
            System.exit(0);
        });
        return c;
    }

    /**
     * Failure detection for a drill whose assertions must hold on a loaded machine: five member JVMs on two shared
     * cores stand still for a second now and then, which with {@link FailureDetection#fast()} (850 ms of silence and
     * verification) makes a member of the majority think it was removed and give up its quorum. Here a member is
     * removed after 2.5 s of silence; a crashed process is still found by its closed sockets within 1 s.
     */
    static final FailureDetection LOADED = new FailureDetection(Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofMillis(500), Duration.ofSeconds(1));

    public static void main(String[] args) throws Exception {
        MultiJvm.exitWhenParentExits();
        String clusterName = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        List<String> hosts = Arrays.asList(args[3].split(","));
        Path commandFile = Path.of(args[4]);
        int minPeers = Integer.parseInt(args[5]);
        FailureDetection detection = args.length > 6 && args[6].equals("loaded") ? LOADED : FailureDetection.fast();
        // behind proxies: the control port to advertise, the remoting port to bind and the one to advertise
        int advertisedPort = args.length > 7 ? Integer.parseInt(args[7]) : port;
        int remotingPort = args.length > 8 ? Integer.parseInt(args[8]) : 0;
        int advertisedRemotingPort = args.length > 9 ? Integer.parseInt(args[9]) : 0;
        RemotingConfig.Builder remoting = RemotingConfig.builder().host(host).port(remotingPort);
        if (advertisedRemotingPort != 0) {
            remoting.advertisedPort(advertisedRemotingPort);
        }
        ActorSystem system = ActorSystem.create("drill-" + host.replace('.', '-') + "-" + port);
        system.eventStream().subscribe(ClusterViewChanged.class, e -> print("view size=" + e.view().size()
                + " members=" + e.view().members().stream().map(m -> m.host() + ":" + m.controlPort()).sorted()
                .toList() + " merged=" + e.merged()));
        system.eventStream().subscribe(QuorumLost.class, e -> print("quorum lost reachable=" + e.reachable()
                + " reason=" + e.reason()));
        system.eventStream().subscribe(QuorumRegained.class, e -> print("quorum regained size="
                + e.view().size()));
        Cluster cluster = Cluster.start(system, ClusterConfig.builder()
                .clusterName(clusterName)
                .host(host)
                .port(port)
                .advertisedPort(advertisedPort)
                .minPeers(minPeers)
                .discovery(StaticDiscovery.of(hosts))
                .failureDetection(detection)
                .joinTimeout(Duration.ofMillis(500))
                .remoting(remoting
                        .serialization(Serialization.builder().register("drill.Ping", Ping.class)
                                .register("drill.Echo", Echo.class).register(TELL_TYPE, Tell.class).build())
                        .build())
                .build());
        // which path confirmed each stable view: the short one counts in fast-confirmations
        io.goakt.internal.cluster.ClusterHooks.of(cluster).onStableView(v -> print("stable size=" + v.size()
                + " fast-confirmations=" + ((io.goakt.internal.cluster.ClusterNode) cluster).fastStableViews()));
        Loop loop = new Loop(system, cluster, commandFile, commands());
        loop.services.declare();
        system.eventStream().subscribe(DeadLetter.class, loop::deadLetter);
        print("system " + system.name());
        loop.timer.scheduleWithFixedDelay(loop::poll, 0, 20, TimeUnit.MILLISECONDS);
        // Bounded: a member the test forgot ends by itself.
        new CountDownLatch(1).await(5, TimeUnit.MINUTES);
        loop.timer.shutdownNow();
        system.shutdown(Duration.ofSeconds(10));
    }

    /**
     * Runs new commands and prints the state when it changed. Commands, the state and the load's rounds run on the
     * one {@code drill} thread; the counters the echoes and the dead-letter subscriber update are concurrent.
     */
    static final class Loop {
        final ActorSystem system;
        final Cluster cluster;
        final ClusterActors actors;
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r,
                "drill"));
        private final Path commandFile;
        private final Map<String, Command> commands;
        /** Names spawned here, with the ref of their actor; drill thread only. */
        final Map<String, ActorRef> spawned = new HashMap<>();
        /** Tell id to deliveries, from the echoes on their dispatcher threads. */
        final ConcurrentHashMap<Long, Long> received = new ConcurrentHashMap<>();
        final LongAdder deadLetters = new LongAdder();
        final ConcurrentHashMap<String, Long> deadLetterReasons = new ConcurrentHashMap<>();
        /** Distinct tells delivered here, by the target the load sent them to; updated by the receivers. */
        final ConcurrentHashMap<String, Long> deliveredByTarget = new ConcurrentHashMap<>();
        /** Drill tells dead-lettered here, by target ({@code remote} when remoting could not name it). */
        final ConcurrentHashMap<String, Long> deadLettersByTarget = new ConcurrentHashMap<>();
        final DrillServices services;
        /** The load in progress; drill thread only. */
        Load load;
        ScheduledFuture<?> loadTask;
        private int done;
        private String lastState = "";

        Loop(ActorSystem system, Cluster cluster, Path commandFile, Map<String, Command> commands) {
            this.system = system;
            this.cluster = cluster;
            this.actors = ClusterActors.of(system);
            this.commandFile = commandFile;
            this.commands = commands;
            this.services = new DrillServices(system, this::delivered, QuorumDrillMember::print);
        }

        /** Counts a tell that reached a receiver here: by id, and by target at its first delivery. */
        void delivered(Tell t) {
            if (received.merge(t.id(), 1L, Long::sum) == 1L) {
                deliveredByTarget.merge(t.target(), 1L, Long::sum);
            }
        }

        /** What {@code report} prints, without the sequence number. */
        String reportLine() {
            long duplicates = received.values().stream().mapToLong(n -> n - 1).sum();
            return "report delivered=" + received.size() + " duplicates=" + duplicates + " deadletters="
                    + deadLetters.sum() + " reasons=" + new TreeMap<>(deadLetterReasons);
        }

        /** What {@code report-targets} prints, without the sequence number. */
        String targetsLine() {
            return "targets delivered=" + new TreeMap<>(deliveredByTarget) + " deadletters="
                    + new TreeMap<>(deadLettersByTarget) + " grainsHandled=" + new TreeMap<>(services.handledByGrain);
        }

        Target target(String name) {
            if (name.equals("singleton")) {
                return new Target(name, ClusterSingletons.of(system).proxy(DrillServices.SINGLETON), null);
            }
            if (name.startsWith("grain:")) {
                return new Target(name, null, io.goakt.grain.Grains.of(system).ref(DrillServices.GRAIN_KIND,
                        name.substring("grain:".length())));
            }
            return new Target(name, actors.actorOf(name), null);
        }

        /** A new echo actor: answers pings with its system's name, counts tells. */
        io.goakt.actor.Actor echo() {
            return Actors.fromFunction(ctx -> {
                if (ctx.message() instanceof Ping) {
                    ctx.respond(new Echo(ctx.self().address().system()));
                } else if (ctx.message() instanceof Tell t) {
                    delivered(t);
                }
            });
        }

        void deadLetter(DeadLetter d) {
            // remoting dead-letters what it had not written yet for a peer that left as an UndeliverableMessage
            if (d.message() instanceof Tell || d.message() instanceof UndeliverableMessage u
                    && u.typeId().equals(TELL_TYPE)) {
                deadLetters.increment();
                deadLetterReasons.merge(String.valueOf(d.reason()), 1L, Long::sum);
                deadLettersByTarget.merge(d.message() instanceof Tell t ? t.target() : "remote", 1L, Long::sum);
            }
        }

        void poll() {
            try {
                if (Files.exists(commandFile)) {
                    String text = Files.readString(commandFile, StandardCharsets.UTF_8);
                    List<String> lines = text.lines().toList();
                    // Only complete lines: the test appends each line with its newline in one write.
                    int complete = text.endsWith("\n") ? lines.size() : lines.size() - 1;
                    while (done < complete) {
                        execute(lines.get(done++));
                    }
                }
                printStateIfChanged();
            } catch (IOException | RuntimeException e) {
                print("poll failed " + describe(e));
            }
        }

        private void execute(String line) {
            List<String> words = List.of(line.trim().split(" "));
            Command command = commands.get(words.get(1));
            if (command == null) {
                print(words.get(0) + " failed unknown command " + words.get(1));
                return;
            }
            try {
                command.run(this, words.get(0), words.subList(2, words.size()));
            } catch (Exception e) {
                print(words.get(0) + " failed " + describe(e));
            }
        }

        private void printStateIfChanged() {
            Map<String, String> owners = new TreeMap<>();
            for (String name : actors.names()) {
                Optional<ActorRef> ref = actors.lookup(name).toCompletableFuture().getNow(Optional.empty());
                ref.ifPresent(r -> owners.put(name, r.address().system()));
            }
            TreeSet<String> running = new TreeSet<>();
            spawned.forEach((name, ref) -> {
                if (system.lookup(name).filter(r -> r.uid() == ref.uid()).isPresent()) {
                    running.add(name);
                }
            });
            String state = "state registry=" + owners + " running=" + running;
            if (!state.equals(lastState)) {
                lastState = state;
                print(state);
            }
        }
    }

    /** Asks and tells to named actors, and what became of each ask. Rounds run on the drill thread. */
    static final class Load {
        private final java.util.function.Function<String, Target> targets;
        private final List<String> names;
        /** Message ids, unique across member processes: a member reports tells of several loads by id. */
        private final AtomicLong ids = new AtomicLong(ProcessHandle.current().pid() << 32);
        private final LongAdder asks = new LongAdder();
        private final LongAdder answered = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder tells = new LongAdder();
        /** Every ask's outcome, completed when it was answered or failed. */
        private final Queue<CompletableFuture<?>> outcomes =
                new ConcurrentLinkedQueue<>();
        private final ConcurrentHashMap<String, Long> failures = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Long> failedByName = new ConcurrentHashMap<>();
        /** Per target: asks sent, asks answered, tells sent; the drill thread and the asks' completions. */
        private final ConcurrentHashMap<String, Long> asksByName = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Long> answeredByName = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Long> tellsByName = new ConcurrentHashMap<>();
        /** Each ask's outcome with its target, for the asks still open at the end; drill thread only. */
        private final List<Map.Entry<String, CompletableFuture<?>>> outcomesByName = new java.util.ArrayList<>();

        Load(java.util.function.Function<String, Target> targets, List<String> names) {
            this.targets = targets;
            this.names = names;
        }

        void round() {
            for (String name : names) {
                Target ref = targets.apply(name);
                asks.increment();
                asksByName.merge(name, 1L, Long::sum);
                try {
                    CompletableFuture<?> outcome = ref.ask(new Ping(ids.incrementAndGet())).toCompletableFuture()
                            .whenComplete((reply, e) -> {
                                if (e == null) {
                                    answered.increment();
                                    answeredByName.merge(name, 1L, Long::sum);
                                } else {
                                    failed(name, e);
                                }
                            });
                    outcomes.add(outcome);
                    outcomesByName.add(Map.entry(name, outcome));
                } catch (RuntimeException e) {
                    failed(name, e);
                }
                tells.increment();
                tellsByName.merge(name, 1L, Long::sum);
                try {
                    ref.tell(new Tell(ids.incrementAndGet(), name));
                } catch (RuntimeException e) {
                    failures.merge("tell " + e.getClass().getName(), 1L, Long::sum);
                }
            }
        }

        private void failed(String name, Throwable e) {
            failed.increment();
            failures.merge(unwrap(e).getClass().getName(), 1L, Long::sum);
            failedByName.merge(name, 1L, Long::sum);
        }

        /** Waits (bounded) for the asks in flight, then sums up. */
        String drain() throws InterruptedException {
            try {
                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                        .get(DRAIN_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the failures are counted one by one; hung ones are counted below
            }
            long hung = outcomes.stream().filter(f -> !f.isDone()).count();
            return "load asks=" + asks.sum() + " answered=" + answered.sum() + " failed=" + failed.sum() + " hung="
                    + hung + " tells=" + tells.sum() + " failedByName=" + new TreeMap<>(failedByName)
                    + " failures=" + new TreeMap<>(failures);
        }
    }

    /**
     * One entry per target after {@link Load#drain}: {@code table <target>=<asks>/<answered>/<failed>/<hung>/<tells>;
     * ...}.
     */
    private static String table(Load load) {
        StringBuilder b = new StringBuilder("table");
        for (String name : new TreeSet<>(load.names)) {
            long hung = load.outcomesByName.stream().filter(e -> e.getKey().equals(name) && !e.getValue().isDone())
                    .count();
            b.append(' ').append(name).append('=').append(load.asksByName.getOrDefault(name, 0L)).append('/')
                    .append(load.answeredByName.getOrDefault(name, 0L)).append('/')
                    .append(load.failedByName.getOrDefault(name, 0L)).append('/').append(hung).append('/')
                    .append(load.tellsByName.getOrDefault(name, 0L));
        }
        return b.toString();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String askOnce(Target target) {
        try {
            Object reply = target.ask(new Ping(-1)).toCompletableFuture()
                    .get(ASK_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            return "replied " + ((Echo) reply).system();
        } catch (Exception e) {
            return "failed " + describe(e);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = unwrap(e);
        return cause.getClass().getName() + " " + cause.getMessage();
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
