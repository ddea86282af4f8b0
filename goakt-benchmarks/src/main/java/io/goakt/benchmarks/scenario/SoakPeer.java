package io.goakt.benchmarks.scenario;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Spinning;
import io.goakt.remote.Remoting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The soak's second JVM: the actor system {@code soak-b} with remoting on an ephemeral loopback port and
 * {@value #WORKERS} workers ({@code remote-0} ...) that {@link SoakDriver}'s remote tells and asks address.
 *
 * <p>Protocol, one line each way, every line of it starting with {@value #PREFIX}: once its workers run, the peer
 * prints {@code ready <port>}; then for each {@code report} (or {@code report gc}, which first requests a full
 * collection and reads the old generation after it) it reads on standard input it prints one {@link Report} line.
 * It shuts its system down and exits when its standard input ends or says {@code exit}: the driver holds the other
 * end, so the peer also stops when the driver dies without cleaning up.
 *
 * <p>The driver side is {@link Handle}: it starts the peer from this JVM's {@code java} and class path with this JVM's
 * {@code -XX:} and heap options, behind a launcher prefix such as {@code taskset -c 0}; a shutdown hook kills the
 * peer if the driver exits some other way, and every answer is awaited for at most {@value #ANSWER_SECONDS} s.
 *
 * <p>Usage (the driver does this): {@code java -cp benchmarks.jar io.goakt.benchmarks.scenario.SoakPeer
 * [adaptive|reduced|off]}.
 */
public final class SoakPeer {

    /** Workers on {@code soak-b}. */
    static final int WORKERS = 4;
    /** Every protocol line starts with this; other output on standard output is passed through. */
    static final String PREFIX = "soak-peer ";
    private static final long ANSWER_SECONDS = 60;

    private SoakPeer() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Spinning spinning = args.length > 0 ? Spinning.valueOf(args[0].toUpperCase(Locale.ROOT)) : Spinning.ADAPTIVE;
        PrintStream out = System.out;
        SoakBooks books = new SoakBooks();
        ActorSystem b = ActorSystem.create("soak-b", ActorSystemConfig.builder().spinning(spinning).build());
        int exit = 0;
        try {
            b.eventStream().subscribe(DeadLetter.class, books::deadLetter);
            Remoting remoting = Remoting.start(b, SoakDriver.remotingConfig());
            for (int i = 0; i < WORKERS; i++) {
                b.spawn("remote-" + i, () -> new SoakWorkload.Worker(books), SpawnOptions.defaults());
            }
            out.println(PREFIX + "ready " + remoting.endpoint().port());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("exit")) {
                if (line.startsWith("report")) {
                    long oldGen = line.equals("report gc") ? SoakDriver.oldGenAfterGc() : -1;
                    Report r = new Report(books.handled.sum(), books.deadLetterCounts(), books.otherDeadLetters.get(),
                            ManagementFactory.getThreadMXBean().getThreadCount(), SoakDriver.openFds(),
                            remoting.pendingReplies(), SoakDriver.pendingTimers(b),
                            remoting.stats().openConnections(), oldGen);
                    out.println(PREFIX + r.line());
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            b.shutdown(Duration.ofSeconds(10));
        }
        System.exit(exit);
    }

    /**
     * What the peer has handled and dead-lettered so far (the workload's messages only), and the resources that leak
     * when something is wrong.
     *
     * @param oldGenBytes the old generation after a full collection, or -1 when the report did not ask for one
     */
    record Report(long handled, Map<DeadLetter.Reason, Long> deadLetters, long otherDeadLetters, int threads,
                  long fds, int pendingReplies, long timers, int connections, long oldGenBytes) {

        /** Before the peer has reported anything. */
        static final Report NONE = new Report(0, Map.of(), 0, 0, 0, 0, 0, 0, -1);

        long deadLettered() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }

        String line() {
            StringBuilder dead = new StringBuilder();
            deadLetters.forEach((r, n) -> dead.append(dead.length() == 0 ? "" : ",").append(r.name()).append(':')
                    .append(n));
            return String.format(Locale.ROOT, "report handled=%d dead=%s other-dead=%d threads=%d fds=%d "
                            + "pending-replies=%d timers=%d connections=%d old-gen=%d",
                    handled, dead.length() == 0 ? "-" : dead, otherDeadLetters, threads, fds, pendingReplies, timers,
                    connections, oldGenBytes);
        }

        static Report parse(String line) {
            Map<String, String> fields = new java.util.HashMap<>();
            for (String part : line.substring("report ".length()).trim().split(" ")) {
                int eq = part.indexOf('=');
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
            Map<DeadLetter.Reason, Long> dead = new EnumMap<>(DeadLetter.Reason.class);
            if (!fields.get("dead").equals("-")) {
                for (String pair : fields.get("dead").split(",")) {
                    int colon = pair.indexOf(':');
                    dead.put(DeadLetter.Reason.valueOf(pair.substring(0, colon)),
                            Long.parseLong(pair.substring(colon + 1)));
                }
            }
            return new Report(Long.parseLong(fields.get("handled")), dead, Long.parseLong(fields.get("other-dead")),
                    Integer.parseInt(fields.get("threads")), Long.parseLong(fields.get("fds")),
                    Integer.parseInt(fields.get("pending-replies")), Long.parseLong(fields.get("timers")),
                    Integer.parseInt(fields.get("connections")), Long.parseLong(fields.get("old-gen")));
        }
    }

    /** The driver's side: the peer process, its port, and one report at a time. */
    static final class Handle implements AutoCloseable {
        private static final String EOF = "\u0000eof";
        private final Process process;
        private final Thread hook;
        private final PrintWriter commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final List<String> command;
        private final int port;

        private Handle(Process process, Thread hook, List<String> command) throws IOException {
            this.process = process;
            this.hook = hook;
            this.command = command;
            this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            Thread reader = new Thread(this::readAnswers, "soak-peer-reader");
            reader.setDaemon(true);
            reader.start();
            String ready = answer();
            if (!ready.startsWith("ready ")) {
                throw new IOException("soak-b did not start: " + ready);
            }
            this.port = Integer.parseInt(ready.substring("ready ".length()).trim());
        }

        /**
         * Starts the peer behind {@code launcher} (empty, or for example {@code taskset -c 0}) and waits until it
         * serves.
         */
        static Handle start(Spinning spinning, List<String> launcher) throws IOException {
            List<String> command = new ArrayList<>(launcher);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (option.startsWith("-XX:") || option.startsWith("-Xmx") || option.startsWith("-Xms")) {
                    command.add(option);
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), SoakPeer.class.getName(),
                    spinning.name().toLowerCase(Locale.ROOT)));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread hook = new Thread(p::destroyForcibly, "soak-peer-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return new Handle(p, hook, command);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                Runtime.getRuntime().removeShutdownHook(hook);
                throw e;
            }
        }

        /** The peer's remoting port on 127.0.0.1. */
        int port() {
            return port;
        }

        /** The peer's process id. */
        long pid() {
            return process.pid();
        }

        /** The command line the peer was started with, its class path left out. */
        String commandLine() {
            List<String> shown = new ArrayList<>(command);
            int cp = shown.indexOf("-cp");
            if (cp >= 0 && cp + 1 < shown.size()) {
                shown.set(cp + 1, "...");
            }
            return String.join(" ", shown);
        }

        /** The peer's counts now; with {@code gc}, its old generation after a full collection too. */
        synchronized Report report(boolean gc) throws IOException {
            commands.println(gc ? "report gc" : "report");
            String line = answer();
            if (!line.startsWith("report ")) {
                throw new IOException("soak-b answered " + line);
            }
            return Report.parse(line);
        }

        private String answer() throws IOException {
            String line;
            try {
                line = answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for soak-b", e);
            }
            if (line == null) {
                throw new IOException("soak-b did not answer within " + ANSWER_SECONDS + " s");
            }
            if (line.equals(EOF)) {
                answers.add(EOF);
                throw new IOException("soak-b exited (pid " + process.pid() + ")");
            }
            return line;
        }

        private void readAnswers() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(PREFIX)) {
                        answers.add(line.substring(PREFIX.length()));
                    } else {
                        System.err.println("[soak-b] " + line);
                    }
                }
            } catch (IOException closed) {
                // the process ended; EOF below tells the waiting driver
            }
            answers.add(EOF);
        }

        /** Ends the peer's input, waits up to 20 s for it to exit, then kills it. */
        @Override
        public void close() throws InterruptedException {
            commands.println("exit");
            commands.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the same process
            }
        }
    }

    /** Whether {@code taskset} is on this machine's path (util-linux). */
    static boolean tasksetAvailable() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "taskset"))) {
                return true;
            }
        }
        return false;
    }
}
