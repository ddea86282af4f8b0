package io.goakt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Fault-injecting TCP proxies in front of cluster members, for a network partition without root (where
 * {@link NetworkNamespaces} cannot run). Each proxy listens on a loopback port, belongs to one member (the
 * destination) and forwards every connection byte for byte to that member's real port. Members advertise the proxies'
 * ports, so every connection between two members passes through the proxy of the member that accepted it. Which
 * member opened a connection is asked of {@link Sources} at a cut, for the links open then, and for each connection
 * accepted while the cut lasts.
 *
 * <p>{@link #cut(Collection)} splits the members in two groups: a link between the groups drops what it carries in
 * both directions (the bytes are read and discarded, as a network that loses packets: neither end sees a close), and
 * a new connection between them is refused (closed at once). {@link #heal()} lets new connections through again and
 * closes the links that dropped bytes, whose streams now have a gap; links that dropped nothing go on. A connection
 * whose opener is not known is never cut.
 *
 * <p>Threads: one selector thread runs every proxy and link, however many there are; {@link #cut}, {@link #heal}
 * and {@link #add} hand it their work and return once it is done. {@link #close()} closes every listener and link
 * and ends the thread.
 */
public final class FaultProxies implements AutoCloseable {

    /** Which member opened a connection: {@code client} is the accepted socket's remote address. */
    @FunctionalInterface
    public interface Sources {
        OptionalInt memberOf(InetSocketAddress client, int proxyPort);
    }

    private static final int BUFFER = 64 * 1024;
    private static final long WITHIN_SECONDS = 20;

    private final Sources sources;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Set<Link> links = new HashSet<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private Set<Integer> side;
    private volatile boolean closed;

    /** Starts the selector thread; {@link #add} the proxies. */
    public FaultProxies(Sources sources) {
        this.sources = sources;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "fault-proxies");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A proxy for {@code member} on 127.0.0.1:{@code port} (0 picks a free one) that forwards to {@code target};
     * returns the port it listens on.
     */
    public int add(int member, int port, InetSocketAddress target) {
        return onSelector(() -> {
            try {
                ServerSocketChannel server = ServerSocketChannel.open();
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress("127.0.0.1", port));
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT, new Listener(member, target));
                listeners.add(server);
                return ((InetSocketAddress) server.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Cuts every link between the members in {@code group} and the others, as the class comment says. */
    public void cut(Collection<Integer> group) {
        Set<Integer> cut = Set.copyOf(group);
        onSelector(() -> {
            side = cut;
            for (Link link : links) {
                if (link.from < 0) {
                    link.from = sources.memberOf(link.clientAddress, link.proxyPort).orElse(-1);
                }
                if (crosses(link.from, link.to)) {
                    link.dropping = true;
                    link.drop(link.down);
                    link.drop(link.up);
                }
            }
            return null;
        });
    }

    /** Ends the cut: new connections pass and the links that dropped bytes close. */
    public void heal() {
        onSelector(() -> {
            side = null;
            for (Link link : List.copyOf(links)) {
                link.dropping = false;
                if (link.gap) {
                    link.close();
                }
            }
            return null;
        });
    }

    /** Links open now (connections accepted and not yet closed). */
    public int openLinks() {
        return onSelector(links::size);
    }

    /** Connections refused because they crossed a cut. */
    public long refused() {
        return refused.get();
    }

    /** Bytes dropped on links that crossed a cut. */
    public long dropped() {
        return dropped.get();
    }

    /** The thread that runs every proxy. */
    public Thread thread() {
        return thread;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            onSelector(() -> {
                closed = true;
                for (Link link : List.copyOf(links)) {
                    link.close();
                }
                for (ServerSocketChannel server : listeners) {
                    closeQuietly(server);
                }
                return null;
            });
        } finally {
            closed = true;
            selector.wakeup();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(WITHIN_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(selector);
        }
    }

    private boolean crosses(int from, int to) {
        return side != null && from >= 0 && side.contains(from) != side.contains(to);
    }

    private <T> T onSelector(Supplier<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                done.complete(task.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return done.get(WITHIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the proxies' thread did not answer within " + WITHIN_SECONDS + " s");
        }
    }

    private void run() {
        try {
            while (!closed) {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                if (closed) {
                    break;
                }
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        handle(key);
                    } catch (IOException | RuntimeException e) {
                        if (key.attachment() instanceof Pipe pipe) {
                            pipe.link.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // the proxies end with their selector
        } finally {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Listener listener) {
            accept((ServerSocketChannel) key.channel(), listener);
            return;
        }
        Pipe pipe = (Pipe) key.attachment();
        if (key.isConnectable()) {
            pipe.link.connected();
            return;
        }
        if (key.isWritable()) {
            // the key's channel is the sink of the link's other pipe
            (pipe == pipe.link.down ? pipe.link.up : pipe.link.down).flushInto();
        }
        if (key.isValid() && key.isReadable()) {
            pipe.link.read(pipe);
        }
    }

    private void accept(ServerSocketChannel server, Listener listener) throws IOException {
        for (SocketChannel client; (client = server.accept()) != null; ) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            // who opened it matters only across a cut: the look-up stays off the selector thread otherwise
            int source = side == null ? -1
                    : sources.memberOf((InetSocketAddress) client.getRemoteAddress(), port).orElse(-1);
            if (crosses(source, listener.member)) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SocketChannel upstream = SocketChannel.open();
            upstream.configureBlocking(false);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Link link = new Link(source, listener.member, client, upstream);
            link.clientAddress = (InetSocketAddress) client.getRemoteAddress();
            link.proxyPort = port;
            links.add(link);
            try {
                if (upstream.connect(listener.target)) {
                    link.connected();
                } else {
                    link.upKey = upstream.register(selector, SelectionKey.OP_CONNECT, link.up);
                }
            } catch (IOException e) {
                link.close();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing
        }
    }

    private record Listener(int member, InetSocketAddress target) {
    }

    /**
     * One direction of a link: bytes read from {@code source} wait in {@code buffer} (write mode between calls) until
     * {@code sink} takes them. The source is not read while the buffer holds bytes the sink has not taken.
     */
    private final class Pipe {
        final Link link;
        final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        final boolean towardsMember;
        boolean sourceEnded;

        Pipe(Link link, boolean towardsMember) {
            this.link = link;
            this.towardsMember = towardsMember;
        }

        SocketChannel source() {
            return towardsMember ? link.client : link.upstream;
        }

        SocketChannel sink() {
            return towardsMember ? link.upstream : link.client;
        }

        SelectionKey sourceKey() {
            return towardsMember ? link.clientKey : link.upKey;
        }

        SelectionKey sinkKey() {
            return towardsMember ? link.upKey : link.clientKey;
        }

        /** Writes what the buffer holds; stops reading the source while the sink is full. */
        void flushInto() throws IOException {
            buffer.flip();
            sink().write(buffer);
            boolean pending = buffer.hasRemaining();
            buffer.compact();
            SelectionKey sinkKey = sinkKey();
            SelectionKey sourceKey = sourceKey();
            if (pending) {
                sinkKey.interestOps(sinkKey.interestOps() | SelectionKey.OP_WRITE);
                sourceKey.interestOps(sourceKey.interestOps() & ~SelectionKey.OP_READ);
            } else {
                sinkKey.interestOps(sinkKey.interestOps() & ~SelectionKey.OP_WRITE);
                if (sourceEnded) {
                    sink().shutdownOutput();
                    link.endedOne();
                } else if (sourceKey.isValid()) {
                    sourceKey.interestOps(sourceKey.interestOps() | SelectionKey.OP_READ);
                }
            }
        }
    }

    /** A client's connection to a proxy and the proxy's connection to the member, with a pipe each way. */
    private final class Link {
        /** The member that opened the link, -1 until a cut asks (and while not known). */
        int from;
        InetSocketAddress clientAddress;
        int proxyPort;
        final int to;
        final SocketChannel client;
        final SocketChannel upstream;
        final Pipe down = new Pipe(this, true);
        final Pipe up = new Pipe(this, false);
        SelectionKey clientKey;
        SelectionKey upKey;
        boolean dropping;
        boolean gap;
        int ended;

        Link(int from, int to, SocketChannel client, SocketChannel upstream) {
            this.from = from;
            this.to = to;
            this.client = client;
            this.upstream = upstream;
        }

        void connected() throws IOException {
            upstream.finishConnect();
            if (upKey == null) {
                upKey = upstream.register(selector, SelectionKey.OP_READ, up);
            } else {
                upKey.interestOps(SelectionKey.OP_READ);
            }
            clientKey = client.register(selector, SelectionKey.OP_READ, down);
            if (crosses(from, to)) {
                dropping = true;
            }
        }

        void read(Pipe pipe) throws IOException {
            int n = pipe.source().read(pipe.buffer);
            if (n < 0) {
                pipe.sourceEnded = true;
                pipe.sourceKey().interestOps(pipe.sourceKey().interestOps() & ~SelectionKey.OP_READ);
            }
            if (dropping) {
                drop(pipe);
                if (pipe.sourceEnded) {
                    close();
                }
                return;
            }
            if (pipe.buffer.position() > 0 || pipe.sourceEnded) {
                pipe.flushInto();
            }
        }

        void drop(Pipe pipe) {
            if (pipe.buffer.position() > 0) {
                dropped.addAndGet(pipe.buffer.position());
                gap = true;
                pipe.buffer.clear();
            }
            // a pipe that waited for its sink reads (and drops) again: a cut link takes what its sender sends
            SelectionKey sink = pipe.sinkKey();
            if (sink != null && sink.isValid()) {
                sink.interestOps(sink.interestOps() & ~SelectionKey.OP_WRITE);
            }
            SelectionKey source = pipe.sourceKey();
            if (source != null && source.isValid() && !pipe.sourceEnded) {
                source.interestOps(source.interestOps() | SelectionKey.OP_READ);
            }
        }

        /** One direction ended and was flushed; the link closes when both have. */
        void endedOne() {
            if (++ended == 2) {
                close();
            }
        }

        void close() {
            if (links.remove(this)) {
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }
    }
}
