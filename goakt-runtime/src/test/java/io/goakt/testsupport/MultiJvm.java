package io.goakt.testsupport;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Runs cluster members as separate JVM processes on this machine, for drills that a single JVM cannot stage: a
 * member killed outright (SIGKILL), a member frozen (SIGSTOP) past a failure-detection timeout and thawed
 * (SIGCONT).
 *
 * <pre>{@code
 * try (MultiJvm jvms = new MultiJvm(tempDir)) {
 *     MultiJvm.Member a = jvms.start("a", MemberMain.class, "--port", "7800");
 *     a.awaitLog("joined", Duration.ofSeconds(30));
 *     a.stop();   // SIGSTOP
 *     a.resume(); // SIGCONT
 *     a.kill();   // SIGKILL
 * }               // kills whatever is still alive, also when the test failed
 * }</pre>
 *
 * <p>Each member runs a main class from the test's own class path ({@code java.class.path}) with the test JVM's
 * {@code java}, a small heap and the serial collector (two cores serve every member), and writes its standard
 * output and error to {@code <directory>/<name>.log}. Its standard input is a pipe from the test JVM, open while
 * that JVM lives: a main that calls {@link #exitWhenParentExits()} ends itself when the test JVM dies without
 * running {@link #close()}. Every wait is bounded; a wait that runs out fails with the tail of the member's log.
 *
 * <p>{@link Member#stop()} and {@link Member#resume()} send the signals through {@code /bin/sh}'s {@code kill} and,
 * where {@code /proc} exists, return only once the process is in the stopped state, or out of it; so what a test
 * observes right after {@code stop()} happened while the process was frozen.
 *
 * <p>Threading: the test thread starts and drives members; a shutdown hook (removed by {@link #close()}) kills the
 * members still alive when the test JVM exits. The member list is a {@link CopyOnWriteArrayList}: the hook reads
 * every member the test thread added.
 */
public final class MultiJvm implements AutoCloseable {

    /** JVM options every member gets before its own. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx96m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);
    private static final Duration SIGNAL_WITHIN = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final Path directory;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final Thread killOnExit;

    /** A harness whose members log into {@code directory}. */
    public MultiJvm(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.killOnExit = new Thread(() -> members.forEach(m -> m.process.destroyForcibly()), "multi-jvm-reaper");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts member {@code name} running {@code mainClass} with {@code args} and the default JVM options. */
    public Member start(String name, Class<?> mainClass, String... args) throws IOException {
        return start(name, mainClass, List.of(), List.of(args));
    }

    /** Starts member {@code name} running {@code mainClass}, with {@code jvmOptions} after the defaults. */
    public Member start(String name, Class<?> mainClass, List<String> jvmOptions, List<String> args)
            throws IOException {
        return start(name, List.of(), mainClass, jvmOptions, args);
    }

    /**
     * Starts member {@code name} running {@code mainClass} with {@code commandPrefix} in front of {@code java}: for
     * example {@link NetworkNamespaces#exec(int)}, {@code ip netns exec <namespace>}, which runs the JVM inside a
     * network namespace. The prefix must end by executing the rest of the command in its own process (as
     * {@code ip netns exec} does), so that signals reach the JVM.
     */
    public Member start(String name, List<String> commandPrefix, Class<?> mainClass, List<String> jvmOptions,
                        List<String> args) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("member name must match " + NAME + " (it names the log file), was '"
                    + name + "'");
        }
        if (members.stream().anyMatch(m -> m.name.equals(name))) {
            throw new IllegalArgumentException("member " + name + " was already started");
        }
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEFAULT_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add(mainClass.getName());
        command.addAll(args);
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // through the environment: a test class path can outgrow a command line
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Member member = new Member(name, builder.start(), log);
        members.add(member);
        return member;
    }

    /** The members started, in order. */
    public List<Member> members() {
        return List.copyOf(members);
    }

    /**
     * The last lines of every member's log under a header naming it and its state, for a failure message: the
     * logs a drill collects, in one text.
     */
    public String logs() {
        StringBuilder text = new StringBuilder();
        for (Member member : members) {
            OptionalInt exit = member.exitCode();
            text.append("--- ").append(member).append(exit.isPresent() ? ", exited " + exit.getAsInt() : ", running")
                    .append(", ").append(member.log).append('\n').append(member.tail()).append('\n');
        }
        return text.toString();
    }

    /** Kills every member still alive and waits (bounded) until each is gone. */
    @Override
    public void close() {
        List<String> survivors = new ArrayList<>();
        for (Member member : members) {
            member.process.destroyForcibly();
        }
        for (Member member : members) {
            if (!member.waitForExit(EXIT_WITHIN)) {
                survivors.add(member.name + " (pid " + member.pid() + ")");
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("members survived SIGKILL for " + EXIT_WITHIN + ": " + survivors);
        }
    }

    /**
     * For a member's main: a daemon thread that reads standard input (the pipe from the test JVM) and halts this
     * JVM when the pipe closes, which happens when the test JVM exits, however it exits.
     */
    public static void exitWhenParentExits() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the test JVM writes nothing; end of stream is the signal
                }
            } catch (IOException ignored) {
                // a broken pipe is an exited parent too
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** One member process. Driven by the test thread. */
    public static final class Member {
        private final String name;
        private final Process process;
        private final Path log;

        private Member(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        /** The name it was started with. */
        public String name() {
            return name;
        }

        /** Its process id. */
        public long pid() {
            return process.pid();
        }

        /** The file its standard output and error go to. */
        public Path log() {
            return log;
        }

        /** Whether the process is running (a stopped process is alive). */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** Its log so far. */
        public String logText() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Its log so far, line by line. */
        public List<String> logLines() {
            return logText().lines().toList();
        }

        /** SIGKILL, then waits (bounded) until the process is gone. */
        public void kill() {
            process.destroyForcibly();
            if (!waitForExit(EXIT_WITHIN)) {
                throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for " + EXIT_WITHIN);
            }
        }

        /** SIGSTOP: freezes the process; returns once it is stopped where {@code /proc} can tell. */
        public void stop() {
            signal("STOP");
            awaitState(true);
        }

        /** SIGCONT: thaws a stopped process; returns once it runs again where {@code /proc} can tell. */
        public void resume() {
            signal("CONT");
            awaitState(false);
        }

        /**
         * Waits until a line of the log matches {@code regex} ({@link java.util.regex.Matcher#find find}) and
         * returns the first such line.
         *
         * @throws AssertionError with the log's tail when no line matches within {@code timeout}, or the process
         *                        exits without one
         */
        public String awaitLog(String regex, Duration timeout) {
            return awaitLog(Pattern.compile(regex), timeout);
        }

        /** See {@link #awaitLog(String, Duration)}. */
        public String awaitLog(Pattern pattern, Duration timeout) {
            try {
                await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL)
                        .until(() -> firstMatch(pattern).isPresent() || !process.isAlive());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no line of " + name + "'s log matched /" + pattern + "/ within "
                        + timeout + "; the log ends with:\n" + tail(), e);
            }
            return firstMatch(pattern).orElseThrow(() -> new AssertionError(name + " exited ("
                    + process.exitValue() + ") before a line of its log matched /" + pattern
                    + "/; the log ends with:\n" + tail()));
        }

        /** The exit code, or empty while the process runs. 128 + n means it died of signal n (137: SIGKILL). */
        public OptionalInt exitCode() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }

        /**
         * Waits (bounded) for the process to end and returns its exit code.
         *
         * @throws AssertionError when it still runs after {@code timeout}
         */
        public int awaitExit(Duration timeout) {
            if (!waitForExit(timeout)) {
                throw new AssertionError(name + " still runs after " + timeout + "; the log ends with:\n" + tail());
            }
            return process.exitValue();
        }

        private Optional<String> firstMatch(Pattern pattern) {
            return logLines().stream().filter(line -> pattern.matcher(line).find()).findFirst();
        }

        private String tail() {
            List<String> lines = logLines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }

        private boolean waitForExit(Duration timeout) {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name + " to exit", e);
            }
        }

        private void signal(String signal) {
            if (!process.isAlive()) {
                throw new AssertionError("cannot send SIG" + signal + " to " + name + ": it exited ("
                        + process.exitValue() + ")");
            }
            try {
                Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " \"$1\"", "sh",
                        Long.toString(pid())).redirectErrorStream(true).start();
                byte[] output = kill.getInputStream().readAllBytes();
                if (!kill.waitFor(SIGNAL_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill.destroyForcibly();
                    throw new AssertionError("kill -" + signal + " " + pid() + " did not finish within "
                            + SIGNAL_WITHIN);
                }
                if (kill.exitValue() != 0) {
                    throw new AssertionError("kill -" + signal + " " + pid() + " failed: "
                            + new String(output, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while signalling " + name, e);
            }
        }

        /** Where {@code /proc} exists, waits (bounded) until the process is stopped, or no longer stopped. */
        private void awaitState(boolean stopped) {
            Path stat = Path.of("/proc", Long.toString(pid()), "stat");
            if (!Files.exists(stat)) {
                return;
            }
            try {
                await().atMost(SIGNAL_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                        .until(() -> isStopped(stat) == stopped);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(name + " did not become " + (stopped ? "stopped" : "running") + " within "
                        + SIGNAL_WITHIN, e);
            }
        }

        /** The state letter follows the last ')' of /proc/pid/stat (the command name may hold parentheses). */
        private static boolean isStopped(Path stat) throws IOException {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        }

        @Override
        public String toString() {
            return name + " (pid " + pid() + ")";
        }
    }
}
