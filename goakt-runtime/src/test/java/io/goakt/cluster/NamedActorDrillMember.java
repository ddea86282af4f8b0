package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Actors;
import io.goakt.actor.SpawnOptions;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.registry.NamedActorService;
import io.goakt.internal.cluster.registry.RegistryEntry;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.testsupport.MultiJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member with cluster-unique named actors in a JVM of its own, for {@link NamedActorProcessDrillTest}.
 * Arguments: the cluster name, this member's control port on 127.0.0.1, the comma-separated {@code host:port} list
 * of every member, and a command file. It joins with static discovery and {@link FailureDetection#fast()}.
 *
 * <p>The test drives it through the command file: it appends lines {@code <seq> <command> <name>} and the member,
 * polling the file every 20 ms, runs each new line once and prints {@code <seq> <result>}:
 * <ul>
 *   <li>{@code spawn <name>}: spawns an echo actor under the cluster-unique name; {@code <seq> spawned <name>} or
 *       {@code <seq> failed <exception class> <message>}.</li>
 *   <li>{@code resolve <name>}: looks the name up and keeps the ref; {@code <seq> resolved <name> <system>} or
 *       {@code <seq> unresolved <name>}.</li>
 *   <li>{@code ask <name>} (the kept ref) and {@code askByName <name>} ({@link ClusterActors#actorOf}): an ask with a
 *       30 s timeout; {@code <seq> replied <system> ms=<elapsed>} or
 *       {@code <seq> failed <exception class> ms=<elapsed> <message>}.</li>
 * </ul>
 * It also prints {@code view size=<n> ports=<control ports> merged=<b> joined=<ports> left=<ports>} on every view
 * (ports sorted), and
 * {@code state registry={<name>=<owner system>, ...} running=[<names of actors alive here>]} whenever either changes
 * (checked every 20 ms). Owner systems are named {@code drill-<control port>}. It ends after five minutes at the
 * latest, or when the test's JVM ends.
 */
public final class NamedActorDrillMember {

    /** What an echo actor answers: the actor system it runs on. */
    record Echo(String system) {
    }

    /** What the drill asks an echo actor. */
    record Ping(String text) {
    }

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    private NamedActorDrillMember() {
    }

    public static void main(String[] args) throws Exception {
        MultiJvm.exitWhenParentExits();
        String clusterName = args[0];
        int port = Integer.parseInt(args[1]);
        List<String> hosts = Arrays.asList(args[2].split(","));
        Path commands = Path.of(args[3]);
        ActorSystem system = ActorSystem.create("drill-" + port);
        system.eventStream().subscribe(ClusterViewChanged.class, e -> print("view size=" + e.view().size()
                + " ports=" + e.view().members().stream().map(Member::controlPort).sorted().toList()
                + " merged=" + e.merged() + " joined=" + e.joined().stream().map(Member::controlPort).sorted().toList()
                + " left=" + e.left().stream().map(Member::controlPort).sorted().toList()));
        Cluster.start(system, ClusterConfig.builder()
                .clusterName(clusterName)
                .port(port)
                .discovery(StaticDiscovery.of(hosts))
                .failureDetection(FailureDetection.fast())
                .joinTimeout(Duration.ofMillis(500))
                .remoting(RemotingConfig.builder().host("127.0.0.1").port(0)
                        .serialization(Serialization.builder().register("drill.Ping", Ping.class)
                                .register("drill.Echo", Echo.class).build())
                        .build())
                .build());
        NamedActorService actors = (NamedActorService) ClusterActors.of(system);
        print("started");
        Loop loop = new Loop(system, actors, commands);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "drill"));
        poller.scheduleWithFixedDelay(loop::poll, 0, 20, TimeUnit.MILLISECONDS);
        // Bounded: a member the test forgot ends by itself.
        new CountDownLatch(1).await(5, TimeUnit.MINUTES);
        poller.shutdownNow();
        system.shutdown(Duration.ofSeconds(10));
    }

    /** Runs new commands and prints the state when it changed; confined to the one {@code drill} thread. */
    private static final class Loop {
        private final ActorSystem system;
        private final NamedActorService actors;
        private final Path commands;
        /** Refs kept by {@code resolve}; confined to the drill thread. */
        private final Map<String, ActorRef> kept = new HashMap<>();
        /** Names spawned here, with the ref of their actor; confined to the drill thread. */
        private final Map<String, ActorRef> spawned = new HashMap<>();
        /** Command lines run so far. */
        private int done;
        private String lastState = "";

        Loop(ActorSystem system, NamedActorService actors, Path commands) {
            this.system = system;
            this.actors = actors;
            this.commands = commands;
        }

        void poll() {
            try {
                if (Files.exists(commands)) {
                    String text = Files.readString(commands, StandardCharsets.UTF_8);
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
            String[] parts = line.trim().split(" ");
            String seq = parts[0];
            String command = parts[1];
            String name = parts[2];
            switch (command) {
                case "spawn" -> {
                    try {
                        ActorRef ref = actors.spawn(name, () -> Actors.fromFunction(ctx -> {
                            if (ctx.message() instanceof Ping) {
                                ctx.respond(new Echo(ctx.self().address().system()));
                            }
                        }), SpawnOptions.defaults()).toCompletableFuture().get(30, TimeUnit.SECONDS);
                        spawned.put(name, ref);
                        print(seq + " spawned " + name);
                    } catch (Exception e) {
                        print(seq + " failed " + describe(e));
                    }
                }
                case "resolve" -> {
                    Optional<ActorRef> ref = actors.lookup(name).toCompletableFuture().join();
                    ref.ifPresent(r -> kept.put(name, r));
                    print(seq + (ref.isPresent() ? " resolved " + name + " " + ref.get().address().system()
                            : " unresolved " + name));
                }
                case "ask" -> ask(seq, kept.get(name));
                case "askByName" -> ask(seq, actors.actorOf(name));
                default -> print(seq + " failed unknown command " + command);
            }
        }

        private void ask(String seq, ActorRef target) {
            long t0 = System.nanoTime();
            try {
                Object reply = target.ask(new Ping(seq), ASK_TIMEOUT).toCompletableFuture()
                        .get(ASK_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                print(seq + " replied " + ((Echo) reply).system() + " ms=" + elapsedMillis(t0));
            } catch (Exception e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                        ? e.getCause() : e;
                print(seq + " failed " + cause.getClass().getName() + " ms=" + elapsedMillis(t0) + " "
                        + cause.getMessage());
            }
        }

        private void printStateIfChanged() {
            Map<String, String> owners = new TreeMap<>();
            for (Map.Entry<String, RegistryEntry> e : actors.entries().entrySet()) {
                owners.put(e.getKey(), e.getValue().address().system());
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

    private static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getName() + " " + cause.getMessage();
    }

    private static long elapsedMillis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
