package io.goakt.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the packaged jar the way a user deploys it, {@code java -Dspring.aot.enabled=true -jar
 * target/sample-app-<version>.jar}, as a separate process with the default profile: it comes up on the bean
 * factory Spring AOT generated at build time, answers an actor endpoint and a grain endpoint, and stops on SIGTERM.
 * Runs after {@code package} (failsafe), so the jar is the repackaged, AOT-processed one.
 */
class ExecutableJarIT {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration START = Duration.ofMinutes(3);

    private final Path target = Path.of(System.getProperty("basedir", "."), "target");
    private final Path log = target.resolve("executable-jar-it.log");
    private Process app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theJarStartsInAotModeAndServesActorsAndGrains() throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-Dspring.aot.enabled=true",
                "-jar", executableJar().toString(), "--server.port=0"));
        app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        int port = await("the jar logs its HTTP port (" + log + ")").atMost(START).pollInterval(Duration.ofMillis(200))
                .until(this::loggedPort, p -> p > 0);
        assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
        Http http = new Http(port);
        await("health UP").atMost(START).ignoreExceptions()
                .until(() -> http.get("/actuator/health").statusCode() == 200);

        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.body()).contains("\"goakt\":{").doesNotContain("\"remoting\":");

        HttpResponse<String> deposit = http.post("/accounts/7/deposits", "{\"amount\": 40}");
        assertThat(deposit.statusCode()).isEqualTo(200);
        assertThat(deposit.body()).isEqualTo("{\"id\":\"account-7\",\"balance\":40}");
        HttpResponse<String> balance = http.get("/accounts/7");
        assertThat(balance.body()).isEqualTo("{\"id\":\"account-7\",\"balance\":40}");

        HttpResponse<String> cart = http.post("/carts/bob/items", "{\"sku\": \"pear\", \"quantity\": 3}");
        assertThat(cart.statusCode()).isEqualTo(200);
        assertThat(cart.body()).isEqualTo("{\"user\":\"bob\",\"items\":{\"pear\":3}}");

        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    }

    private int loggedPort() throws IOException {
        assertThat(app.isAlive()).as("the app is running; see " + log).isTrue();
        Matcher m = PORT.matcher(Files.readString(log));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private Path executableJar() throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("sample-app-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sample-app-*.jar in " + target
                            + "; run ./mvnw verify (this test runs after package)"));
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
