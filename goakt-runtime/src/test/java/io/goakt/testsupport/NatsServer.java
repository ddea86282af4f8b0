package io.goakt.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real NATS server for tests ({@code nats-server}, Debian package {@code nats-server}) on 127.0.0.1 and a free
 * port, with JetStream and its store in the test's directory when asked, its output in {@link #log()}.
 *
 * <p>{@link #start} returns once the server greets a client with its {@code INFO} line (bounded); a port another
 * process took meanwhile makes it try another. {@link #restart(boolean)} stops it and starts it again on the same
 * port, with its JetStream store or without. {@link #close()} stops it. When nats-server is not installed the test
 * is skipped, or fails under {@code CI=true} (see {@link ExternalTool}).
 */
public final class NatsServer implements AutoCloseable {

    /** The Debian package that holds the {@code nats-server} binary (in /usr/sbin). */
    public static final String PACKAGE = "nats-server";

    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final Path binary;
    private final Path directory;
    private final int port;
    private final boolean jetStream;
    /** The current run and its JetStream store; test thread only. */
    private ServerProcess process;
    private Path store;
    private int runs;

    private NatsServer(Path binary, Path directory, int port, boolean jetStream) {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.jetStream = jetStream;
    }

    /**
     * Starts nats-server with its log (and, with {@code jetStream}, its store) in {@code directory}; returns once it
     * greets clients.
     */
    public static NatsServer start(Path directory, boolean jetStream) throws IOException, InterruptedException {
        Path binary = ExternalTool.require("nats-server", PACKAGE);
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            NatsServer server = new NatsServer(binary, directory, FreePorts.tcp(), jetStream);
            if (server.run(false)) {
                return server;
            }
            failures.append("\n--- attempt ").append(attempt).append(":\n").append(server.logText());
            server.close();
        }
        throw new IllegalStateException("nats-server did not start in " + START_ATTEMPTS + " attempts:" + failures);
    }

    /** The client URL, {@code nats://127.0.0.1:port}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The file the server's output goes to. */
    public Path log() {
        return process.log();
    }

    /** What the server wrote so far. */
    public String logText() {
        return process == null ? "" : process.logText();
    }

    /** Whether the server process runs. */
    public boolean isRunning() {
        return process != null && process.isRunning();
    }

    /**
     * Stops the server and starts it again on the same port, with the JetStream store it had ({@code keepStore})
     * or with an empty one.
     *
     * @throws IllegalStateException when it does not start again
     */
    public void restart(boolean keepStore) throws IOException, InterruptedException {
        process.stop();
        if (!run(keepStore)) {
            throw new IllegalStateException("nats-server did not start again:\n" + logText());
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL), bounded. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    private boolean run(boolean keepStore) throws IOException, InterruptedException {
        runs++;
        if (!keepStore || store == null) {
            store = directory.resolve("nats-store-" + port + "-" + runs);
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port)));
        if (jetStream) {
            command.addAll(List.of("-js", "-sd", store.toString()));
        }
        process = ServerProcess.start("nats-server", command, directory.resolve("nats-" + port + ".log"));
        if (process.awaitReady(this::greets, READY_WITHIN)) {
            return true;
        }
        process.stop();
        return false;
    }

    /** Whether a client that connects is greeted with {@code INFO}. */
    private boolean greets() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] start = in.readNBytes(4);
            return "INFO".equals(new String(start, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
