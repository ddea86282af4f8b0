package io.goakt.benchmarks.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running {@code main} with this JVM's class path. The peer prints {@code PORT <n>} once it listens and
 * runs until its standard input closes, which {@link #close()} does; so a peer never outlives the benchmark.
 */
public final class PeerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private PeerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code main} with {@code args} and waits (up to a minute) for its port. */
    public static PeerProcess start(Class<?> main, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g"));
        // Extra JVM options for the peer, for profiling it: -Dgoakt.bench.peerJvmArgs="-XX:StartFlightRecording=..."
        String extra = System.getProperty("goakt.bench.peerJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null && !l.startsWith("PORT ")) {
                        // skip the peer's other output
                    }
                    return l;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException(main.getSimpleName() + " peer exited before it listened");
            }
            return new PeerProcess(p, Integer.parseInt(line.substring(5).trim()));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The port the peer listens on. */
    public int port() {
        return port;
    }

    /** Blocks until the peer's standard input closes: the peer's main thread calls this after it has started. */
    public static void awaitDriverGone() throws IOException {
        while (System.in.read() >= 0) {
            // nothing to read; end of input means the driver is done with us
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
