package io.goakt.sample;

import io.goakt.testsupport.ExternalTool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian package {@code prometheus}), found through {@link ExternalTool}: a test
 * that needs it is skipped, naming the package, where it is missing, and fails when it is missing under
 * {@code CI=true} ({@code .ci/run} installs it).
 */
final class Promtool {

    private Promtool() {
    }

    /** Runs {@code promtool check metrics} on {@code exposition}; returns its exit code and output. */
    static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        Path input = Files.createTempFile("goakt-metrics", ".txt");
        try {
            Files.writeString(input, exposition, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(input.toFile()).redirectErrorStream(true);
            return run(pb, 60);
        } finally {
            Files.deleteIfExists(input);
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
