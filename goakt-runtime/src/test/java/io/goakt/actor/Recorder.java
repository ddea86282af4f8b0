package io.goakt.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** An actor that records what it receives (with senders) for tests of the runtime itself. */
final class Recorder {

    record Received(Object message, ActorRef sender) {
    }

    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    final ActorRef ref;

    Recorder(ActorSystem system, String name) {
        this.ref = system.spawnFromFunction(name, ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                queue.add(new Received(ctx.message(), ctx.sender()));
            }
        });
    }

    Received nextReceived() {
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

    Object next() {
        return nextReceived().message();
    }

    <T> T next(Class<T> type) {
        Object m = next();
        assertThat(m).isInstanceOf(type);
        return type.cast(m);
    }

    List<Object> next(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** Waits the whole duration: the one legitimate fixed wait, asserting that nothing arrives. */
    void expectNoMessage(Duration d) {
        try {
            Received r = queue.poll(d.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("unexpected message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
