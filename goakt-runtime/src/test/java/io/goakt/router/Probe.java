package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** An actor that records what it receives with the senders, to check where replies go. */
final class Probe {

    record Received(Object message, ActorRef sender) {
    }

    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    final ActorRef ref;

    Probe(ActorSystem system, String name) {
        this.ref = system.spawnFromFunction(name, ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                queue.add(new Received(ctx.message(), ctx.sender()));
            }
        });
    }

    Received next() {
        try {
            Received r = queue.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                fail("no message within 10s at " + ref.path());
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits the whole duration: the one legitimate fixed wait, asserting that nothing arrives. */
    void expectNone(Duration d) {
        try {
            assertThat(queue.poll(d.toMillis(), TimeUnit.MILLISECONDS)).as("unexpected message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
