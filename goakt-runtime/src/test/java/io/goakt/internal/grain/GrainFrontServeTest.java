package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.Grains;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A front that stops letting this member serve ({@link GrainFront#mayServe}, a cluster member that just lost quorum)
 * keeps a running activation from handling anything more: the message goes back to the front in order, with those
 * queued behind it, and the activation ends.
 */
class GrainFrontServeTest {

    private static final GrainIdentity ID = new GrainIdentity("counter", "a");

    private final ActorSystem system = ActorSystem.create("grain-front-serve");

    @AfterEach
    void shutdown() {
        system.shutdown(Duration.ofSeconds(5));
    }

    /** Delivers here while it serves; records what it is handed back otherwise. */
    private static final class Front implements GrainFront {
        final LocalGrainRegistry local;
        final List<Object> rerouted = new CopyOnWriteArrayList<>();
        /** Whether this member serves; set by the test thread, read by the grain's thread. */
        volatile boolean serving = true;

        Front(LocalGrainRegistry local) {
            this.local = local;
        }

        @Override
        public void send(GrainIdentity identity, Object message, ActorRef sender) {
            local.deliverHere(identity, message, sender);
        }

        @Override
        public boolean mayActivate(GrainIdentity identity) {
            return serving;
        }

        @Override
        public boolean mayServe() {
            return serving;
        }

        @Override
        public void reroute(GrainIdentity identity, Object message, ActorRef sender) {
            rerouted.add(message);
        }
    }

    @Test
    void anActivationThatMayNoLongerServeHandsItsMessagesBackInOrderAndEnds() {
        LocalGrainRegistry local = (LocalGrainRegistry) Grains.of(system);
        List<Object> handled = new CopyOnWriteArrayList<>();
        local.register(ID.kind(), () -> ctx -> handled.add(ctx.message()));
        Front front = new Front(local);
        local.attach(front);

        local.ref(ID).tell("first");
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("first"));

        front.serving = false;
        local.ref(ID).tell("second");
        local.ref(ID).tell("third");

        await().atMost(Duration.ofSeconds(30)).until(() -> !local.isActive(ID));
        await().atMost(Duration.ofSeconds(30)).until(() -> front.rerouted.size() == 2);
        assertThat(front.rerouted).containsExactly("second", "third");
        assertThat(handled).containsExactly("first");
    }
}
