package io.goakt.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A real etcd for tests (Debian package {@code etcd-server}): one member on 127.0.0.1 with free client and peer
 * ports, its data in the test's directory, its output in {@link #log()}.
 *
 * <p>{@link #start} returns once {@code /health} answers (bounded); a port another process took meanwhile makes
 * it try other ports. {@link #restart(boolean)} stops it and starts it again on the same ports, with its data or
 * without (an etcd that lost everything: leases and keys). {@link #close()} stops it. When etcd is not installed the
 * test is skipped, or fails under {@code CI=true} (see {@link ExternalTool}).
 */
public final class EtcdServer implements AutoCloseable {

    /** The Debian package that holds the {@code etcd} binary. */
    public static final String PACKAGE = "etcd-server";

    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final Path binary;
    private final Path directory;
    private final int clientPort;
    private final int peerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The current run and its data directory (etcd creates it); test thread only. */
    private ServerProcess process;
    private Path data;
    private int runs;

    private EtcdServer(Path binary, Path directory, int clientPort, int peerPort) {
        this.binary = binary;
        this.directory = directory;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts etcd with its data and log in {@code directory}; returns once it is healthy. */
    public static EtcdServer start(Path directory) throws IOException, InterruptedException {
        Path binary = ExternalTool.require("etcd", PACKAGE);
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            EtcdServer server = new EtcdServer(binary, directory, FreePorts.tcp(), FreePorts.tcp());
            if (server.run(false)) {
                return server;
            }
            failures.append("\n--- attempt ").append(attempt).append(":\n").append(server.logText());
            server.close();
        }
        throw new IllegalStateException("etcd did not become healthy in " + START_ATTEMPTS + " attempts:" + failures);
    }

    /** The client URL, {@code http://127.0.0.1:port}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** The file the current run's output goes to. */
    public Path log() {
        return process.log();
    }

    /** What the current run wrote so far. */
    public String logText() {
        return process == null ? "" : process.logText();
    }

    /** Whether the etcd process runs. */
    public boolean isRunning() {
        return process != null && process.isRunning();
    }

    /**
     * Stops etcd and starts it again on the same ports, with the data it had ({@code keepData}) or with none.
     *
     * @throws IllegalStateException when it does not become healthy again
     */
    public void restart(boolean keepData) throws IOException, InterruptedException {
        process.stop();
        if (!run(keepData)) {
            throw new IllegalStateException("etcd did not become healthy after a restart:\n" + logText());
        }
    }

    /** The keys under {@code prefix}, asked of this server through its JSON gateway. */
    public List<String> keys(String prefix) throws IOException, InterruptedException {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = Arrays.copyOf(start, start.length);
        end[end.length - 1]++;
        String body = "{\"key\":\"" + Base64.getEncoder().encodeToString(start) + "\",\"range_end\":\""
                + Base64.getEncoder().encodeToString(end) + "\",\"keys_only\":true}";
        List<String> keys = new ArrayList<>();
        for (JsonNode kv : JSON.readTree(post("/v3/kv/range", body)).path("kvs").values()) {
            keys.add(new String(Base64.getDecoder().decode(kv.path("key").asString("")), StandardCharsets.UTF_8));
        }
        return keys;
    }

    /**
     * Turns authentication on with user {@code root} (role {@code root}) and {@code password}; from then on every
     * call needs a token.
     */
    public void enableAuth(String password) throws IOException, InterruptedException {
        post("/v3/auth/role/add", "{\"name\":\"root\"}");
        post("/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"" + password + "\"}");
        post("/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
        post("/v3/auth/enable", "{}");
    }

    private String post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + path))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("etcd " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Stops etcd (SIGTERM, then SIGKILL), bounded. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    private boolean run(boolean keepData) throws IOException, InterruptedException {
        runs++;
        if (!keepData || data == null) {
            data = directory.resolve("etcd-data-" + clientPort + "-" + runs);
        }
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Path log = directory.resolve("etcd-" + clientPort + ".log");
        process = ServerProcess.start("etcd", List.of(binary.toString(),
                "--name", "test",
                "--data-dir", data.toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "test=" + peer,
                "--initial-cluster-state", "new",
                "--log-outputs", "stderr"), log);
        if (process.awaitReady(this::healthy, READY_WITHIN)) {
            return true;
        }
        process.stop();
        return false;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
