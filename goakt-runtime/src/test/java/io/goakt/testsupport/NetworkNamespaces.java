package io.goakt.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Linux network namespaces for drills that need a real network partition: {@code n} namespaces, each with one
 * address, joined pairwise by veth pairs, so that any link between two of them can be cut and healed on its own.
 *
 * <pre>{@code
 * try (NetworkNamespaces net = NetworkNamespaces.create(5);
 *      MultiJvm jvms = new MultiJvm(dir)) {          // closed first: its processes leave the namespaces
 *     jvms.start("m1", net.exec(0), MemberMain.class, List.of(), List.of("--host", net.address(0)));
 *     net.partition(Set.of(3, 4));                    // {0,1,2} | {3,4}
 *     net.heal();
 * }                                                   // namespaces and links removed, also when the test failed
 * }</pre>
 *
 * <h2>The layout</h2>
 * Namespace {@code i} is {@code goakt-<suffix>-<i>}, where the suffix is random, so tests running side by side (and
 * several engineers' builds on one machine) never share a name. It has address {@code 10.200.<s>.<i+1>} on its
 * loopback interface (a /32; {@code <s>} is random too, though no address is ever visible outside the namespaces),
 * and one interface {@code to<j>} towards every other namespace {@code j}, the end of a veth pair whose other end
 * is {@code to<i>} in namespace {@code j}, with a host route to {@code j}'s address through it. Packets between two
 * namespaces cross their own veth pair and nothing else: no bridge, no forwarding, so a firewall's bridge or
 * forwarding rules on the host cannot interfere.
 *
 * <h2>Cutting and healing</h2>
 * {@link #cut(int, int)} sets both ends of a pair down: each side's sends find no route, and what was in flight is
 * lost, as with a pulled cable. {@link #heal()} sets every link up again and restores the routes (the kernel drops
 * a route when its interface goes down).
 *
 * <h2>When it cannot run</h2>
 * {@link #create} needs {@code ip} (iproute2; see {@link ExternalTool#require}) and the right to make namespaces
 * (root, or {@code CAP_SYS_ADMIN} and {@code CAP_NET_ADMIN}). Without them the calling test is skipped with the
 * reason; with {@code CI=true} it fails instead, since CI runs as root and {@code .ci/run} installs iproute2.
 *
 * <h2>Cleaning up</h2>
 * {@link #close()} deletes the namespaces (which deletes their veth pairs); a shutdown hook does the same if the
 * test JVM exits without closing. {@link #leftovers()} lists namespaces of this instance that still exist, for
 * tests to assert that nothing was left behind. Processes still running inside a namespace keep it alive past its
 * deletion: stop them first ({@link MultiJvm#close()}).
 *
 * <p>Threading: one test thread drives an instance; the shutdown hook only runs {@code ip netns del}.
 */
public final class NetworkNamespaces implements AutoCloseable {

    private static final Duration COMMAND_WITHIN = Duration.ofSeconds(20);

    private final Path ip;
    private final String suffix;
    private final int subnet;
    private final int count;
    private final Thread removeOnExit;
    /** Namespaces created so far; the test thread adds, the shutdown hook reads after the test thread is gone. */
    private final List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    private NetworkNamespaces(Path ip, int count) {
        this.ip = ip;
        this.count = count;
        this.suffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        this.subnet = ThreadLocalRandom.current().nextInt(256);
        this.removeOnExit = new Thread(this::removeAll, "netns-reaper-" + suffix);
        Runtime.getRuntime().addShutdownHook(removeOnExit);
    }

    /**
     * Creates {@code count} namespaces (2 to 16) joined pairwise, or skips the calling test (fails it under
     * {@code CI=true}) when this machine cannot make them.
     */
    public static NetworkNamespaces create(int count) {
        if (count < 2 || count > 16) {
            throw new IllegalArgumentException("count must be between 2 and 16, was " + count);
        }
        Path ip = ExternalTool.require("ip", "iproute2");
        NetworkNamespaces net = new NetworkNamespaces(ip, count);
        try {
            net.build();
        } catch (RuntimeException | Error e) {
            net.close();
            String reason = "network namespaces cannot be made here (" + e.getMessage()
                    + "); they need root or CAP_SYS_ADMIN and CAP_NET_ADMIN";
            if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", ""))) {
                Assertions.fail(reason + "; CI runs as root, so this is a failure", e);
            }
            Assumptions.abort(reason + "; skipping");
        }
        return net;
    }

    private void build() {
        for (int i = 0; i < count; i++) {
            String ns = namespace(i);
            ip("netns", "add", ns);
            created.add(ns);
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "addr", "add", address(i) + "/32", "dev", "lo");
        }
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                ip("link", "add", "to" + j, "netns", namespace(i), "type", "veth", "peer", "name", "to" + i,
                        "netns", namespace(j));
            }
        }
        heal();
    }

    /** The name of namespace {@code i}. */
    public String namespace(int i) {
        check(i);
        return "goakt-" + suffix + "-" + i;
    }

    /** The address of namespace {@code i}, which its processes bind and the others reach it at. */
    public String address(int i) {
        check(i);
        return "10.200." + subnet + "." + (i + 1);
    }

    /** How many namespaces there are. */
    public int size() {
        return count;
    }

    /** The command prefix that runs a program inside namespace {@code i}: {@code ip netns exec <namespace>}. */
    public List<String> exec(int i) {
        return List.of(ip.toString(), "netns", "exec", namespace(i));
    }

    /**
     * Runs {@code command} inside namespace {@code i} and returns its exit code, or -1 when it did not end within
     * {@code timeout} (it is then killed).
     */
    public int run(int i, Duration timeout, String... command) {
        List<String> full = new ArrayList<>(exec(i));
        full.addAll(List.of(command));
        return execute(full, timeout).exitCode;
    }

    /** Cuts the link between namespaces {@code i} and {@code j}, both ways. */
    public void cut(int i, int j) {
        check(i);
        check(j);
        if (i == j) {
            throw new IllegalArgumentException("a namespace has no link to itself: " + i);
        }
        ip("-n", namespace(i), "link", "set", "to" + j, "down");
        ip("-n", namespace(j), "link", "set", "to" + i, "down");
    }

    /** Cuts every link between {@code side} and the other namespaces: a partition {@code side} | the rest. */
    public void partition(Collection<Integer> side) {
        Set<Integer> inside = new HashSet<>(side);
        inside.forEach(this::check);
        for (int i : inside) {
            for (int j = 0; j < count; j++) {
                if (!inside.contains(j)) {
                    cut(i, j);
                }
            }
        }
    }

    /** Sets every link up and restores every route: the namespaces reach each other again. */
    public void heal() {
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                if (i != j) {
                    ip("-n", namespace(i), "link", "set", "to" + j, "up");
                }
            }
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                if (i != j) {
                    ip("-n", namespace(i), "route", "replace", address(j) + "/32", "dev", "to" + j, "src",
                            address(i));
                }
            }
        }
    }

    /** The namespaces of this instance that exist: empty once it is closed. */
    public List<String> leftovers() {
        Result r = execute(List.of(ip.toString(), "netns", "list"), COMMAND_WITHIN);
        List<String> left = new ArrayList<>();
        for (String line : r.output.lines().toList()) {
            String name = line.split(" ")[0];
            if (name.startsWith("goakt-" + suffix + "-")) {
                left.add(name);
            }
        }
        return left;
    }

    /** Deletes every namespace (and so every veth pair) this instance made. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failures = removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not remove network namespaces: " + failures);
        }
    }

    private List<String> removeAll() {
        List<String> failures = new ArrayList<>();
        for (String ns : created) {
            Result r = execute(List.of(ip.toString(), "netns", "del", ns), COMMAND_WITHIN);
            if (r.exitCode != 0 && namespaceExists(ns)) {
                failures.add(ns + ": " + r.output.strip());
            }
        }
        created.clear();
        return failures;
    }

    private static boolean namespaceExists(String ns) {
        return Files.exists(Path.of("/run/netns", ns));
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("namespace " + i + " of " + count);
        }
    }

    private void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ip.toString());
        command.addAll(List.of(args));
        Result r = execute(command, COMMAND_WITHIN);
        if (r.exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode + "): "
                    + r.output.strip());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(List<String> command, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(Map.of("LC_ALL", "C"));
            Process p = builder.start();
            // the commands print little; reading after the wait cannot fill the pipe
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not end within " + timeout);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
