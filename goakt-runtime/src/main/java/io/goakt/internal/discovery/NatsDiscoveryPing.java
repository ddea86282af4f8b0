package io.goakt.internal.discovery;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nats} provider's discovery protocol, two ways at once:
 * <ul>
 *   <li><b>Request/reply</b> (any NATS server): every member subscribes to {@code <subject>.<cluster>} and answers
 *       each request there with its entry; discovery publishes a request with a reply inbox and collects the answers
 *       that come within {@code answerWindow}. A member also publishes its entry there without a reply inbox
 *       whenever it writes it (an announcement), and every member adds the address it carries to its transport's
 *       cache: a member that joins is known to the coordinator before its join request arrives. A member that dies
 *       loses its subscription with its connection and stops answering at once.</li>
 *   <li><b>JetStream key-value</b> (a server started with JetStream): every member also puts its entry under
 *       {@code <cluster>.<member>} in the bucket named after the subject, whose entries live {@code ttl}; the refresh
 *       task puts it again every third of the ttl, so a dead member's entry ages out. Discovery lists the bucket too,
 *       which finds members whose answers were late.</li>
 * </ul>
 * The client reconnects by itself (without limit) and subscribes again; after a server restart the next refresh
 * creates the bucket again when the server lost it and puts the entry again.
 *
 * <p>Cluster names become one subject token: letters, digits, {@code -} stay, every other character becomes
 * {@code _} followed by its code point in hex and {@code _} (so different names never share a token).
 *
 * <p>Threading: see {@link MemberStorePing}; {@code own} is volatile (written by {@link #putEntry}, read by the
 * client's dispatcher thread that answers requests).
 */
public final class NatsDiscoveryPing extends MemberStorePing {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RECONNECT_WAIT = Duration.ofMillis(500);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    private final List<String> servers;
    private final String subject;
    private final String credentials;
    private final Duration ttl;
    private final Duration answerWindow;

    /**
     * Set in openStore, or later by the connecting thread; null again once closed. Volatile; the connecting thread
     * and closeStore decide under {@code connectLock} which of them closes a connection that arrives late.
     */
    private volatile Connection connection;
    private final Object connectLock = new Object();
    /** Guarded by {@code connectLock}. */
    private boolean closed;
    /** The thread that keeps trying to connect, or null; volatile. */
    private volatile Thread connecting;
    /** Answers requests once subscribed; set in the first putEntry; volatile. */
    private volatile Dispatcher answering;
    /** This member's entry as answered to requests, null before registration and after removal; volatile. */
    private volatile byte[] own;

    /**
     * @param servers      {@code nats://host:port} URLs
     * @param subject      the subject prefix, e.g. {@code goakt.discovery}
     * @param credentials  a NATS credentials file, or null
     * @param ttl          how long a key-value entry outlives its last refresh
     * @param answerWindow how long discovery collects answers to a request
     */
    public NatsDiscoveryPing(List<String> servers, String subject, String credentials, Duration ttl,
                             Duration answerWindow) {
        super(Duration.ofMillis(Math.max(300, ttl.toMillis() / 3)), "goakt-discovery-nats");
        this.servers = List.copyOf(servers);
        this.subject = subject;
        this.credentials = credentials;
        this.ttl = ttl;
        this.answerWindow = answerWindow;
    }

    /** The subject token of {@code cluster} (see the class comment). */
    public static String clusterToken(String cluster) {
        StringBuilder token = new StringBuilder();
        cluster.codePoints().forEach(c -> {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                token.appendCodePoint(c);
            } else {
                token.append('_').append(Integer.toHexString(c)).append('_');
            }
        });
        return token.toString();
    }

    /** The key-value bucket of {@code subject}: its dots become {@code _}. */
    public static String bucketName(String subject) {
        return subject.replace('.', '_');
    }

    @Override
    protected void openStore() throws Exception {
        Options.Builder options = Options.builder()
                .servers(servers.toArray(String[]::new))
                .connectionName("goakt-discovery")
                .connectionTimeout(CONNECT_TIMEOUT)
                .reconnectWait(RECONNECT_WAIT)
                .maxReconnects(-1)
                // the client's own listener reports every failed reconnect attempt as SEVERE through JUL
                .errorListener(new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        log.debug("NATS connection %s: %s", servers, exp.toString());
                    }

                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        log.warn("NATS server %s reported: %s", servers, error);
                    }
                })
                .connectionListener((conn, event) -> log.debug("NATS connection %s: %s", servers, event));
        if (credentials != null) {
            options.authHandler(Nats.credentials(credentials));
        }
        Options built = options.build();
        synchronized (connectLock) {
            closed = false; // a stack that stopped may start again
        }
        try {
            connection = Nats.connect(built);
        } catch (IOException unreachable) {
            // A server that cannot be reached now does not fail the member: a thread of its own keeps trying (the
            // client's retrying connect blocks), and discovery finds no one until it connects.
            Thread t = new Thread(() -> connectLater(built), "goakt-discovery-nats-connect");
            t.setDaemon(true);
            connecting = t;
            t.start();
        }
    }

    private void connectLater(Options options) {
        try {
            Connection c = Nats.connectReconnectOnConnect(options);
            synchronized (connectLock) {
                if (!closed) {
                    connection = c;
                    return;
                }
            }
            c.close(); // the protocol stopped while this thread waited for the server
        } catch (InterruptedException e) {
            // stopped while waiting for the server
        } catch (IOException e) {
            log.warn("NATS at %s: giving up connecting: %s", servers, e);
        }
    }

    /** The connection, or an {@link IOException} while the first connect is still under way. */
    private Connection connected() throws IOException {
        Connection c = connection;
        if (c == null) {
            throw new IOException("not connected to NATS at " + servers + " yet");
        }
        return c;
    }

    @Override
    protected void putEntry(String member, byte[] data) throws Exception {
        Connection c = connected();
        own = data;
        if (answering == null) {
            answering = c.createDispatcher(this::answer);
            answering.subscribe(requestSubject());
            c.flush(FLUSH_TIMEOUT); // the server answers requests to us from here on
        }
        // Announce the entry: the members learn this member's address now, not at their next lookup, so a
        // coordinator that this member joins can answer it at once.
        c.publish(requestSubject(), data);
        if (hasJetStream(c)) {
            try {
                keyValue(c).put(entryKey(member), data);
            } catch (JetStreamApiException | IOException e) {
                // the bucket is gone (a server that restarted without its store): create it and put again
                createBucket(c);
                keyValue(c).put(entryKey(member), data);
            }
        }
    }

    @Override
    protected boolean keepAlive() throws IOException {
        Connection c = connected();
        if (c.getStatus() != Connection.Status.CONNECTED) {
            return false;
        }
        // a key-value entry lives only as long as it is put again; an answer needs nothing
        return !hasJetStream(c);
    }

    @Override
    protected List<byte[]> listEntries() throws Exception {
        Connection c = connected();
        List<byte[]> entries = new ArrayList<>();
        String inbox = c.createInbox();
        Subscription answers = c.subscribe(inbox);
        try {
            c.publish(requestSubject(), inbox, new byte[0]);
            long deadline = System.nanoTime() + answerWindow.toNanos();
            for (long left = answerWindow.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Message answer = answers.nextMessage(Duration.ofNanos(left));
                if (answer == null) {
                    break;
                }
                entries.add(answer.getData());
            }
        } finally {
            answers.unsubscribe();
        }
        if (hasJetStream(c)) {
            try {
                KeyValue kv = keyValue(c);
                for (String key : kv.keys(clusterToken(cluster_name) + ".>")) {
                    KeyValueEntry entry = kv.get(key);
                    if (entry != null && entry.getValue() != null) {
                        entries.add(entry.getValue());
                    }
                }
            } catch (JetStreamApiException | IOException e) {
                log.debug("%s: no key-value bucket to list: %s", local_addr, e);
            }
        }
        return entries;
    }

    @Override
    protected void removeEntry(String member) throws Exception {
        own = null;
        Connection c = connection;
        if (c == null) {
            return;
        }
        Dispatcher d = answering;
        answering = null;
        if (d != null) {
            c.closeDispatcher(d);
        }
        if (hasJetStream(c) && c.getStatus() == Connection.Status.CONNECTED) {
            keyValue(c).delete(entryKey(member));
        }
    }

    @Override
    protected void closeStore() {
        Connection c;
        synchronized (connectLock) {
            closed = true;
            c = connection;
            connection = null;
        }
        Thread t = connecting;
        if (t != null) {
            t.interrupt();
        }
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Answers one request with this member's entry, or learns the address an announcement carries; on the client's
     * dispatcher thread.
     */
    private void answer(Message request) {
        if (request.getReplyTo() == null) {
            learn(request.getData());
            return;
        }
        byte[] data = own;
        Connection c = connection;
        if (data != null && c != null) {
            c.publish(request.getReplyTo(), data);
        }
    }

    private String requestSubject() {
        return subject + "." + clusterToken(cluster_name);
    }

    private String entryKey(String member) {
        return clusterToken(cluster_name) + "." + member;
    }

    private static boolean hasJetStream(Connection c) {
        return c.getServerInfo() != null && c.getServerInfo().isJetStreamAvailable();
    }

    private KeyValue keyValue(Connection c) throws IOException {
        return c.keyValue(bucketName(subject));
    }

    private void createBucket(Connection c) throws IOException, JetStreamApiException {
        KeyValueManagement management = c.keyValueManagement();
        try {
            management.create(KeyValueConfiguration.builder()
                    .name(bucketName(subject))
                    .maxHistoryPerKey(1)
                    .ttl(ttl)
                    .storageType(StorageType.Memory)
                    .build());
        } catch (JetStreamApiException e) {
            // another member created it meanwhile, maybe with another ttl: use it as it is
            management.getStatus(bucketName(subject));
        }
    }
}
