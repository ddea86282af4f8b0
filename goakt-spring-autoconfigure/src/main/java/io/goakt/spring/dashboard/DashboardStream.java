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

/**
 * Pushes one snapshot per tick to every open page. One daemon thread computes the snapshot once and writes the same
 * text to every viewer's {@link SseEmitter}, so the cost on the actor system does not grow with the number of
 * viewers; the thread ticks only while at least one page is open.
 *
 * <p>Threading: {@link #connect()} runs on request threads; the ticker thread alone calls the snapshots and sends.
 * A viewer whose send fails (the browser went away) is dropped on the spot.
 */
final class DashboardStream implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);

    /** How long one stream stays open; the browser's EventSource reconnects on its own after it ends. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    private final DashboardSnapshots snapshots;
    private final Duration refresh;
    private final CopyOnWriteArrayList<SseEmitter> viewers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private ScheduledFuture<?> ticking;
    private volatile String latest;

    DashboardStream(DashboardSnapshots snapshots, Duration refresh) {
        this.snapshots = snapshots;
        this.refresh = refresh;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "goakt-dashboard");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new viewer's stream: it gets the latest snapshot at once, then every tick's. */
    SseEmitter connect() {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.onCompletion(() -> leave(emitter));
        emitter.onTimeout(() -> leave(emitter));
        emitter.onError(e -> leave(emitter));
        viewers.add(emitter);
        ticker.execute(() -> {
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
            String snapshot = snapshots.tick();
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
