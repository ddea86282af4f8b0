package io.goakt.router;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What test routees received: each {@link Worker} made from {@link #worker()} adds a {@link Hit} for every message.
 * Workers also understand a few commands: {@link Echo} replies, {@code "boom"} throws, {@code "quit"} stops the
 * worker, {@code "count"} replies how many messages this instance has seen.
 */
final class Hits {

    record Hit(ActorRef routee, Object message, ActorRef sender) {
    }

    record Echo(String text) {
    }

    private final BlockingQueue<Hit> queue = new LinkedBlockingQueue<>();

    Actor worker() {
        return new Worker();
    }

    private final class Worker implements Actor {
        private int seen;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m == PostStart.INSTANCE) {
                return;
            }
            if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            }
            seen++;
            queue.add(new Hit(ctx.self(), m, ctx.sender()));
            if (m instanceof Echo e) {
                ctx.respond(e.text() + " from " + ctx.self().name());
            } else if ("count".equals(m)) {
                ctx.respond(seen);
            } else if ("quit".equals(m)) {
                ctx.stop();
            }
        }
    }

    Hit next() {
        try {
            Hit h = queue.poll(10, TimeUnit.SECONDS);
            if (h == null) {
                fail("no routee received a message within 10s");
            }
            return h;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<Hit> next(int n) {
        List<Hit> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The next {@code n} hits' messages, grouped by routee, each routee's in arrival order. */
    Map<ActorRef, List<Object>> byRoutee(int n) {
        Map<ActorRef, List<Object>> out = new LinkedHashMap<>();
        for (Hit h : next(n)) {
            out.computeIfAbsent(h.routee(), k -> new ArrayList<>()).add(h.message());
        }
        return out;
    }

    /** Waits the whole duration: the one legitimate fixed wait, asserting that nothing more arrives. */
    void expectNone(Duration d) {
        try {
            assertThat(queue.poll(d.toMillis(), TimeUnit.MILLISECONDS)).as("unexpected routee message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
