package io.goakt.testsupport;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** An actor that records what it receives (with senders) for tests of the runtime itself. */
public final class Recorder {

    public record Received(Object message, ActorRef sender) {
    }

    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    public final ActorRef ref;

    public Recorder(ActorSystem system, String name) {
        this.ref = system.spawnFromFunction(name, ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                queue.add(new Received(ctx.message(), ctx.sender()));
            }
        });
    }

    public Received nextReceived() {
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

    public Object next() {
        return nextReceived().message();
    }

    public <T> T next(Class<T> type) {
        Object m = next();
        assertThat(m).isInstanceOf(type);
        return type.cast(m);
    }

    public List<Object> next(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** Waits the whole duration: the one legitimate fixed wait, asserting that nothing arrives. */
    public void expectNoMessage(Duration d) {
        try {
            Received r = queue.poll(d.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("unexpected message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
