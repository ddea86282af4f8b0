package io.goakt.sample;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds Prometheus' {@code promtool}, installing Debian's {@code prometheus} package when it is missing. The test is
 * skipped, with the reason, only when apt cannot reach its package lists; any other install failure fails it.
 */
final class Promtool {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** Runs {@code promtool check metrics} on {@code exposition}; returns its exit code and output. */
    static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        ensureInstalled();
        Path input = Files.createTempFile("goakt-metrics", ".txt");
        try {
            Files.writeString(input, exposition, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                    .redirectInput(input.toFile()).redirectErrorStream(true);
            return run(pb, 60);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(PROMTOOL)) {
            return;
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")),
                "promtool is not installed and this machine has no apt-get to install it");
        Result update = run(new ProcessBuilder("apt-get", "update").redirectErrorStream(true), 600);
        Assumptions.assumeTrue(update.exitCode() == 0,
                () -> "promtool is not installed and apt is unreachable (apt-get update failed): " + update.tail());
        ProcessBuilder install = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends",
                "prometheus").redirectErrorStream(true);
        install.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Result installed = run(install, 900);
        if (installed.exitCode() != 0 || !Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException("apt-get install prometheus failed: " + installed.tail());
        }
    }

    private static Result run(ProcessBuilder pb, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", pb.command()));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** An exit code and the combined output. */
    record Result(int exitCode, String output) {
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        }
    }
}
