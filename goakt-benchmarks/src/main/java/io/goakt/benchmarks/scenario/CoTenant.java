package io.goakt.benchmarks.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CpuHog} in a JVM of its own, started from this JVM's {@code java} and class path, for the whole of a
 * harness run. {@link #close} stops it; a shutdown hook stops it too if the harness exits some other way, and the hog
 * exits by itself when this JVM's end of its standard input closes.
 */
final class CoTenant implements AutoCloseable {

    private final Process process;
    private final Thread hook;
    private final int threads;

    private CoTenant(Process process, Thread hook, int threads) {
        this.process = process;
        this.hook = hook;
        this.threads = threads;
    }

    /** Starts the hog and waits until its threads spin. */
    static CoTenant start() throws IOException {
        return start(List.of());
    }

    /** Starts the hog behind {@code launcher} (for example {@code taskset -c 0}) and waits until its threads spin. */
    static CoTenant start(List<String> launcher) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CpuHog.class.getName()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread hook = new Thread(p::destroyForcibly, "co-tenant-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null || !line.startsWith("busy ")) {
            p.destroyForcibly();
            throw new IOException("the co-tenant did not start: " + line);
        }
        return new CoTenant(p, hook, Integer.parseInt(line.substring("busy ".length()).trim()));
    }

    /** The hog's spinning threads. */
    int threads() {
        return threads;
    }

    /** The hog's process id. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the same process
        }
    }
}
