package io.goakt.spring.dashboard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pushes one snapshot per tick to every open page. One daemon thread computes the snapshot once and writes the same
 * text to every viewer's {@link SseEmitter}, so the cost on the actor system does not grow with the number of
 * viewers; the thread ticks only while at least one page is open.
 *
 * <p>Threading: {@link #connect()} runs on request threads and hands the new viewer to the ticker thread, which
 * alone adds viewers, computes the snapshots and sends; any thread may drop a viewer (its completion callbacks).
 * A viewer whose send fails (the browser went away) is dropped on the spot.
 */
final class DashboardStream implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);

    /** How long one stream stays open; the browser's EventSource reconnects on its own after it ends. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    private final Supplier<String> snapshots;
    private final Supplier<SseEmitter> emitters;
    private final Duration refresh;
    private final CopyOnWriteArrayList<SseEmitter> viewers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private ScheduledFuture<?> ticking;
    private volatile String latest;

    DashboardStream(DashboardSnapshots snapshots, Duration refresh) {
        this(snapshots::tick, () -> new SseEmitter(STREAM_TIMEOUT.toMillis()), refresh);
    }

    /** With the snapshot and each viewer's emitter given, for tests. */
    DashboardStream(Supplier<String> snapshots, Supplier<SseEmitter> emitters, Duration refresh) {
        this.snapshots = snapshots;
        this.emitters = emitters;
        this.refresh = refresh;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "goakt-dashboard");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new viewer's stream: it gets the latest snapshot at once, then every tick's. */
    SseEmitter connect() {
        SseEmitter emitter = emitters.get();
        emitter.onCompletion(() -> leave(emitter));
        emitter.onTimeout(() -> leave(emitter));
        emitter.onError(e -> leave(emitter));
        // joined on the ticker thread, between two ticks, so a viewer never gets one tick's text twice
        ticker.execute(() -> {
            viewers.add(emitter);
            String snapshot = latest;
            if (snapshot == null) {
                snapshot = tickNow();
            }
            send(emitter, snapshot);
            startTicking();
        });
        return emitter;
    }

    /** Viewers connected now. */
    int viewers() {
        return viewers.size();
    }

    private void leave(SseEmitter emitter) {
        viewers.remove(emitter);
    }

    /** On the ticker thread. */
    private void startTicking() {
        if (ticking == null || ticking.isDone()) {
            long period = refresh.toNanos();
            ticking = ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        if (viewers.isEmpty()) {
            // nobody watches: stop walking the actor tree until the next page opens
            ticking.cancel(false);
            latest = null;
            return;
        }
        String snapshot = tickNow();
        for (SseEmitter emitter : viewers) {
            send(emitter, snapshot);
        }
    }

    private String tickNow() {
        try {
            String snapshot = snapshots.get();
            latest = snapshot;
            return snapshot;
        } catch (RuntimeException e) {
            log.warn("goakt dashboard: computing a snapshot failed", e);
            return latest == null ? "{}" : latest;
        }
    }

    private void send(SseEmitter emitter, String snapshot) {
        try {
            emitter.send(SseEmitter.event().name("snapshot").data(snapshot));
        } catch (IOException | IllegalStateException e) {
            viewers.remove(emitter);
            emitter.completeWithError(e);
        }
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        for (SseEmitter emitter : viewers) {
            emitter.complete();
        }
        viewers.clear();
    }
}
