package com.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that the repository's README.md quotes example sources verbatim, so that its code cannot drift. */
public final class ReadmeQuotes {

    private ReadmeQuotes() {
    }

    /** The repository root: the nearest directory at or above the working directory that holds {@code mvnw}. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /**
     * Fails unless README.md contains each of {@code files} (relative to the repository root) verbatim; a Java
     * source is quoted without its package line.
     */
    public static void assertQuoted(List<String> files) throws IOException {
        Path root = repositoryRoot();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        for (String file : files) {
            String source = Files.readString(root.resolve(file), StandardCharsets.UTF_8);
            if (file.endsWith(".java")) {
                source = source.substring(source.indexOf('\n') + 1);
            }
            assertThat(readme).as("README.md quotes %s verbatim (after its package line)", file)
                    .contains(source.strip());
        }
    }
}
