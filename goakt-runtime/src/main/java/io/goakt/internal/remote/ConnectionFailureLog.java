package io.goakt.internal.remote;

import io.goakt.remote.FailureKind;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WARN lines a node writes about connections it closed for bad input (garbage, bad lengths, truncated frames,
 * failed handshakes, idle peers), summarised per reason and peer so that a peer opening bad connections as fast as
 * it can does not flood the log.
 *
 * <h2>The approach</h2>
 * Failures are grouped by (reason, peer address) into windows of {@link #WINDOW}. The failure that opens a window is
 * written at once, with its detail; the later ones in that window are only counted, and when the window ends one
 * summary line says {@code "N more <reason> from <peer> in the last <window>"}. The next failure after that opens a
 * new window. So a peer that keeps failing costs at most two lines per reason per window, and every failure is
 * either written or counted in exactly one summary. The peer address is the peer's advertised endpoint once a
 * handshake named it, else the remote IP (without the ephemeral port, which differs on every connection).
 *
 * <p>Memory is bounded: at most {@link #MAX_TRACKED_PEERS} (reason, peer) windows are open at once; failures of
 * any further peer share one window per reason under the peer name {@link #OTHER_PEERS}. A window is removed when
 * it ends. {@code LogBucket}, the rate limit of actor failures and dead letters, limits one
 * stream of lines by rate; here lines are keyed by peer, and the keys must expire, so each key lives exactly one
 * window instead.
 *
 * <p>The failure counters by reason ({@link TrafficStats}, the metrics hook) are counted before this log and are
 * not affected by it.
 *
 * <h2>Threading</h2>
 * Any thread: failures are reported from every event loop at once. The windows are in a concurrent map; a window's
 * count and its "ended" flag are guarded by the window's monitor, so a failure counted just as its window ends is
 * either in that window's summary or opens the next window, never lost. Nothing is logged under a lock. Callers
 * are on the failure path of a connection, never the message path.
 */
final class ConnectionFailureLog {

    /** How long failures of one reason from one peer are summarised after the first is written. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    /** Windows of named peers open at once; further peers are summarised under {@link #OTHER_PEERS}. */
    static final int MAX_TRACKED_PEERS = 64;
    /** The peer name of the windows of peers beyond {@link #MAX_TRACKED_PEERS}. */
    static final String OTHER_PEERS = "other peers";

    /** Where lines go: SLF4J at WARN in production, a list in tests. Called from any thread. */
    interface Sink {
        /** Writes one WARN line; {@code cause}, when not null, with its stack trace. */
        void warn(FailureKind reason, String line, Throwable cause);
    }

    /** Runs a task after a delay: the node's event loops in production, a test's hand in tests. */
    interface Timer {
        /**
         * Runs {@code task} once after {@code delayNanos}.
         *
         * @throws RejectedExecutionException when the timer has stopped
         */
        void schedule(Runnable task, long delayNanos);
    }

    private record Key(FailureKind reason, String peer) {
        boolean named() {
            return !OTHER_PEERS.equals(peer);
        }
    }

    /** One (reason, peer) window: the failures counted after the one that opened it. */
    private static final class Window {
        final Key key;
        /** Guarded by this. */
        private long more;
        /** Guarded by this; once set, the window counts nothing more. */
        private boolean ended;

        Window(Key key) {
            this.key = key;
        }

        /** Counts one failure; false when the window has ended and the failure belongs to the next one. */
        synchronized boolean count() {
            if (ended) {
                return false;
            }
            more++;
            return true;
        }

        /** Ends the window; returns what it counted, or 0 when it had ended already (flush and timer both end it). */
        synchronized long end() {
            if (ended) {
                return 0;
            }
            ended = true;
            return more;
        }
    }

    private final String systemName;
    private final Sink sink;
    private final Timer timer;
    private final long windowNanos;
    private final int maxTrackedPeers;
    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
    /** Open windows of named peers, reserved before a window is put in the map, released when it is removed. */
    private final AtomicInteger tracked = new AtomicInteger();

    ConnectionFailureLog(String systemName, Sink sink, Timer timer) {
        this(systemName, sink, timer, WINDOW, MAX_TRACKED_PEERS);
    }

    ConnectionFailureLog(String systemName, Sink sink, Timer timer, Duration window, int maxTrackedPeers) {
        if (window.isNegative() || window.isZero() || maxTrackedPeers < 0) {
            throw new IllegalArgumentException("window " + window + " must be positive and max tracked peers "
                    + maxTrackedPeers + " at least 0");
        }
        this.systemName = systemName;
        this.sink = sink;
        this.timer = timer;
        this.windowNanos = window.toNanos();
        this.maxTrackedPeers = maxTrackedPeers;
    }

    /**
     * One connection closed for {@code reason}: written when it opens a window of ({@code reason}, {@code peer}),
     * else counted for that window's summary.
     *
     * @param peer   the peer address: advertised endpoint or remote IP
     * @param detail what happened, for the written line ({@code "closing connection with ...: <cause>"})
     * @param cause  written with its stack trace when not null
     */
    void failed(FailureKind reason, String peer, String detail, Throwable cause) {
        Key key = new Key(reason, peer);
        for (;;) {
            Window w = windows.get(key);
            if (w == null) {
                if (key.named() && !reserve()) {
                    key = new Key(reason, OTHER_PEERS);
                    continue;
                }
                Window fresh = new Window(key);
                w = windows.putIfAbsent(key, fresh);
                if (w == null) {
                    sink.warn(reason, "remoting of " + systemName + ": " + detail, cause);
                    schedule(fresh);
                    return;
                }
                if (key.named()) {
                    tracked.decrementAndGet();
                }
            }
            if (w.count()) {
                return;
            }
            // The window ended (and left the map) between the lookup and the count: this failure opens the next.
        }
    }

    /** Ends every open window now, writing their summaries; the engine calls it as it closes. */
    void flush() {
        for (Window w : windows.values()) {
            end(w);
        }
    }

    /** Windows open now, of named peers and of {@link #OTHER_PEERS}. */
    int openWindows() {
        return windows.size();
    }

    private boolean reserve() {
        for (;;) {
            int n = tracked.get();
            if (n >= maxTrackedPeers) {
                return false;
            }
            if (tracked.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void schedule(Window w) {
        try {
            timer.schedule(() -> end(w), windowNanos);
        } catch (RejectedExecutionException stopping) {
            // The event loops are stopping with the node; flush() at its close writes the summary.
        }
    }

    /** Removes the window before ending it, so the map never holds an ended window. */
    private void end(Window w) {
        if (windows.remove(w.key, w) && w.key.named()) {
            tracked.decrementAndGet();
        }
        long more = w.end();
        if (more > 0) {
            sink.warn(w.key.reason(), "remoting of " + systemName + ": " + more + " more " + w.key.reason() + " from "
                    + w.key.peer() + " in the last " + span(windowNanos), null);
        }
    }

    /** A window's length as an operator reads it: {@code 500ms}, {@code 10s}, {@code 2m}. */
    static String span(long nanos) {
        long ms = nanos / 1_000_000L;
        if (ms > 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms > 0 && ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
