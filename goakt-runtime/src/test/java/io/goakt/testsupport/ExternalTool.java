package io.goakt.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the external programs integration tests run (dnsmasq, etcd, nats-server, promtool, ...). Tests never install
 * software: {@code .ci/run} installs the Debian packages on CI machines, and a developer installs them by hand.
 *
 * <p>{@link #require(String, String)} decides what a missing program means:
 * <ul>
 *   <li>locally the test is skipped (a JUnit assumption), and the reason names the Debian package to install;</li>
 *   <li>when the environment has {@code CI=true} the test fails, because a CI run that skips its integration tests
 *       proves nothing: {@code .ci/run} should have installed the package.</li>
 * </ul>
 * A program is looked for in the directories of {@code PATH}, then in {@code /usr/sbin} and {@code /sbin} (where
 * Debian puts daemons such as dnsmasq, and which a non-root {@code PATH} often lacks).
 */
public final class ExternalTool {

    /** Searched after {@code PATH}. */
    static final List<Path> SYSTEM_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    private ExternalTool() {
    }

    /**
     * The path of program {@code name}; when it is missing, skips the calling test naming {@code debianPackage}, or
     * fails it under {@code CI=true}.
     */
    public static Path require(String name, String debianPackage) {
        return require(name, debianPackage, System.getenv(), SYSTEM_DIRECTORIES);
    }

    /** {@link #require(String, String)} with the environment and the directories searched after PATH given. */
    static Path require(String name, String debianPackage, Map<String, String> environment,
                        List<Path> systemDirectories) {
        Optional<Path> found = find(name, environment, systemDirectories);
        if (found.isPresent()) {
            return found.get();
        }
        String reason = name + " is not installed (it comes with the Debian package " + debianPackage + ")";
        if ("true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
            return Assertions.fail(reason + "; under CI=true a missing tool fails the test, and .ci/run installs it");
        }
        return Assumptions.abort(reason + "; skipping");
    }

    /** The first executable file {@code name} in PATH's directories, then in {@code systemDirectories}. */
    static Optional<Path> find(String name, Map<String, String> environment, List<Path> systemDirectories) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a program name without a directory, was '" + name + "'");
        }
        List<Path> directories = new ArrayList<>();
        for (String entry : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                directories.add(Path.of(entry));
            }
        }
        directories.addAll(systemDirectories);
        for (Path directory : directories) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
