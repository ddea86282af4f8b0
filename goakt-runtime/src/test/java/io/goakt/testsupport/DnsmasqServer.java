package io.goakt.testsupport;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: {@code dnsmasq} (Debian package {@code dnsmasq-base}) in the foreground on 127.0.0.1
 * and a free port, serving only the A, AAAA and SRV records a test gives (any other name is answered "no such
 * name"): no upstream servers, no {@code /etc/hosts}, no configuration file, no DHCP, no pid file outside the test's
 * directory.
 *
 * <pre>{@code
 * try (DnsmasqServer dns = DnsmasqServer.start(new DnsmasqServer.Records()
 *         .host("members.goakt.test", "127.0.0.1")
 *         .srv("_goakt._tcp.goakt.test", "node-1.goakt.test", 7800), tempDir)) {
 *     ... point the code under test at dns.address() ...
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once the server answers a query for one of its records (bounded); a port another
 * process took meanwhile makes it try another port. Everything dnsmasq writes (start-up errors, one line per query)
 * goes to {@link #log()}. {@link #close()} stops it (SIGTERM, then SIGKILL). When dnsmasq is not installed the test is
 * skipped, or fails under {@code CI=true} (see {@link ExternalTool}).
 */
public final class DnsmasqServer implements AutoCloseable {

    /** The Debian package that holds the binary alone, without a system service that would take port 53. */
    public static final String PACKAGE = "dnsmasq-base";

    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** The records a server serves; each name may have several. */
    public static final class Records {
        private final List<String> hostLines = new ArrayList<>();
        private final List<String> srvOptions = new ArrayList<>();
        private String probeName;
        private String probeType;

        /** An A record (an IPv4 address) or an AAAA record (an IPv6 address) of {@code name}. */
        public Records host(String name, String address) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            hostLines.add(address + " " + name);
            probe(name, address.contains(":") ? "AAAA" : "A");
            return this;
        }

        /** An SRV record of {@code service} (as in {@code _goakt._tcp.goakt.test}) naming {@code target:port}. */
        public Records srv(String service, String target, int port) {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(target, "target");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SRV port must be within [1, 65535], was " + port);
            }
            srvOptions.add("--srv-host=" + service + "," + target + "," + port + ",0,0");
            probe(service, "SRV");
            return this;
        }

        private void probe(String name, String type) {
            if (probeName == null) {
                probeName = name;
                probeType = type;
            }
        }
    }

    private final Process process;
    private final int port;
    private final Path log;

    private DnsmasqServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts dnsmasq serving {@code records}, with its hosts file, pid file and log in {@code directory}; returns
     * once it answers.
     */
    public static DnsmasqServer start(Records records, Path directory) throws IOException, InterruptedException {
        if (records.probeName == null) {
            throw new IllegalArgumentException("give at least one record");
        }
        Path binary = ExternalTool.require("dnsmasq", PACKAGE);
        Path hosts = directory.resolve("dnsmasq.hosts");
        Files.write(hosts, records.hostLines, StandardCharsets.UTF_8);
        String failures = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = FreePorts.tcpAndUdp();
            Path log = directory.resolve("dnsmasq-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--keep-in-foreground",
                    "--conf-file=/dev/null",
                    "--no-resolv",
                    "--no-hosts",
                    // every name is local: one the test did not give is answered "no such name", not "refused"
                    "--local=/#/",
                    "--addn-hosts=" + hosts,
                    "--listen-address=127.0.0.1",
                    "--bind-interfaces",
                    "--port=" + port,
                    "--pid-file=" + directory.resolve("dnsmasq.pid"),
                    "--log-facility=-",
                    "--log-queries"));
            if ("root".equals(System.getProperty("user.name"))) {
                // root's dnsmasq would switch to nobody, whose rights on the test's directory nobody promised;
                // any other user's dnsmasq cannot switch and stays who it is
                command.add("--user=root");
            }
            command.addAll(records.srvOptions);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            DnsmasqServer server = new DnsmasqServer(process, port, log);
            if (server.awaitAnswer(records.probeName, records.probeType)) {
                return server;
            }
            server.close();
            failures += "\n--- attempt " + attempt + " on port " + port + ":\n" + server.logText();
        }
        throw new IllegalStateException("dnsmasq did not answer in " + START_ATTEMPTS + " attempts:" + failures);
    }

    /** The port it listens on, UDP and TCP. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, the form a resolver setting takes. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Whether the dnsmasq process runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** The file dnsmasq's output goes to. */
    public Path log() {
        return log;
    }

    /** What dnsmasq wrote so far. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The values of {@code name}'s records of {@code type} ("A", "AAAA", "SRV"), asked of this server through the
     * JDK's JNDI DNS provider; SRV values read {@code "priority weight port target."}. Empty when it has none.
     */
    public List<String> query(String name, String type) throws NamingException {
        DirContext context = context(1000, 3);
        try {
            return values(context, name, type);
        } catch (NameNotFoundException e) {
            return List.of();
        } finally {
            context.close();
        }
    }

    /**
     * Stops dnsmasq (SIGTERM, then SIGKILL) and waits (bounded) until it is gone. An interrupted wait kills it at
     * once and keeps the thread's interrupt status.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("dnsmasq (pid " + process.pid() + ") survived SIGKILL for "
                            + STOP_WITHIN);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Asks until an answer with records comes, dnsmasq exits, or {@link #READY_WITHIN} passes. */
    private boolean awaitAnswer(String name, String type) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        DirContext context;
        try {
            context = context(200, 1);
        } catch (NamingException e) {
            throw new IllegalStateException("the JDK's JNDI DNS provider is missing", e);
        }
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (!values(context, name, type).isEmpty()) {
                        return true;
                    }
                } catch (NamingException e) {
                    // not listening yet (refused or timed out) or not loaded yet (no such name): ask again
                }
                // the pause between questions, cut short when dnsmasq exits (a start-up error)
                if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
            return false;
        } finally {
            closeQuietly(context);
        }
    }

    private static void closeQuietly(DirContext context) {
        try {
            context.close();
        } catch (NamingException ignored) {
            // a DNS context holds no connection between questions
        }
    }

    private DirContext context(int initialTimeoutMillis, int retries) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://" + address());
        env.put("com.sun.jndi.dns.timeout.initial", Integer.toString(initialTimeoutMillis));
        env.put("com.sun.jndi.dns.timeout.retries", Integer.toString(retries));
        return new InitialDirContext(env);
    }

    private static List<String> values(DirContext context, String name, String type) throws NamingException {
        List<String> values = new ArrayList<>();
        Attribute attribute = context.getAttributes(name, new String[] {type}).get(type);
        if (attribute != null) {
            NamingEnumeration<?> all = attribute.getAll();
            while (all.hasMore()) {
                values.add(String.valueOf(all.next()));
            }
        }
        return values;
    }
}
