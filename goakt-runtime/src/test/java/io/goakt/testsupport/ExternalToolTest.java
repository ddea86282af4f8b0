package io.goakt.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalToolTest {

    @TempDir
    Path dir;

    @Test
    void findsAProgramInTheDirectoriesOfPath() throws IOException {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Path tool = program(second, "fake-tool");

        Path found = ExternalTool.require("fake-tool", "fake-package",
                Map.of("PATH", first + ":" + second), List.of());

        assertThat(found).isEqualTo(tool);
    }

    @Test
    void findsAProgramInTheSystemDirectoriesWhenPathLacksIt() throws IOException {
        Path sbin = Files.createDirectory(dir.resolve("sbin"));
        Path tool = program(sbin, "fake-daemon");

        Path found = ExternalTool.require("fake-daemon", "fake-package", Map.of("PATH", "/nonexistent"),
                List.of(sbin));

        assertThat(found).isEqualTo(tool);
    }

    @Test
    void aFileWithoutExecutePermissionIsNotAProgram() throws IOException {
        Path file = Files.createFile(dir.resolve("not-a-program"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(ExternalTool.find("not-a-program", Map.of("PATH", dir.toString()), List.of())).isEmpty();
    }

    @Test
    void aMissingProgramSkipsTheTestNamingTheDebianPackageOutsideCi() {
        assertThatThrownBy(() -> ExternalTool.require("no-such-tool", "no-such-package",
                Map.of("PATH", dir.toString()), List.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no-such-tool is not installed")
                .hasMessageContaining("Debian package no-such-package");
    }

    @Test
    void aMissingProgramSkipsWhenCiIsSetToAnythingButTrue() {
        assertThatThrownBy(() -> ExternalTool.require("no-such-tool", "no-such-package",
                Map.of("PATH", dir.toString(), "CI", "false"), List.of()))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aMissingProgramFailsTheTestUnderCiTrue() {
        assertThatThrownBy(() -> ExternalTool.require("no-such-tool", "no-such-package",
                Map.of("PATH", dir.toString(), "CI", "true"), List.of()))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("Debian package no-such-package")
                .hasMessageContaining(".ci/run installs it");
    }

    @Test
    void aNameWithADirectoryIsRefused() {
        assertThatThrownBy(() -> ExternalTool.find("/usr/bin/env", Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/usr/bin/env");
    }

    private static Path program(Path directory, String name) throws IOException {
        Path file = Files.createFile(directory.resolve(name));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
