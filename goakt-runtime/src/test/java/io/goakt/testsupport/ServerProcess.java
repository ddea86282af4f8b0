package io.goakt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One run of a server program a test starts ({@link EtcdServer}, {@link NatsServer}): its process, its log file, a
 * bounded wait until it is ready and a bounded stop (SIGTERM, then SIGKILL).
 */
final class ServerProcess {

    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with its output (both streams) going to {@code log}. */
    static ServerProcess start(String name, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServerProcess(name, process, log);
    }

    /**
     * Waits until {@code ready} holds (true), the process exits or {@code within} passes (false: the caller stops it
     * and reads the log).
     */
    boolean awaitReady(BooleanSupplier ready, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return true;
            }
            // the pause between probes, cut short when the server exits (a start-up error)
            if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then SIGKILL, each waited for (bounded); an interrupted wait kills at once. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for "
                            + STOP_WITHIN);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
