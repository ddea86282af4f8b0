package io.goakt.spring.autoconfigure;

import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainOptions;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.GrainComponent;

import java.util.ArrayList;
import java.util.List;

/** Grain kinds the auto-configuration tests register. */
final class TestGrains {

    private TestGrains() {
    }

    /** What a {@link CounterGrain} answers: which instance it is and what it has been told. */
    record Reply(int instance, List<Object> seen) {
    }

    /**
     * Remembers every message; answers "get" with its instance number (from the injected
     * {@link TestActors.Instances}) and what it has seen. Deactivates after three messages.
     */
    @GrainComponent(kind = "counter", maxMessages = 3)
    static class CounterGrain implements Grain {
        private final int instance;
        private final List<Object> seen = new ArrayList<>();

        CounterGrain(TestActors.Instances instances) {
            this.instance = instances.created.incrementAndGet();
        }

        @Override
        public void receive(GrainContext ctx) {
            if ("get".equals(ctx.message())) {
                ctx.respond(new Reply(instance, List.copyOf(seen)));
            } else {
                seen.add(ctx.message());
            }
        }
    }

    /** No kind given: the bean name is the kind. */
    @GrainComponent(idleTimeout = "10m", onFailure = GrainOptions.OnFailure.DEACTIVATE)
    static class DefaultKindGrain implements Grain {
        @Override
        public void receive(GrainContext ctx) {
            ctx.respond(ctx.identity().toString());
        }
    }

    /** Never replies. */
    @GrainComponent(kind = "silent")
    static class SilentGrain implements Grain {
        @Override
        public void receive(GrainContext ctx) {
        }
    }

    /** Answers with its own identity hash, to tell instances apart. */
    @GrainComponent(kind = "sticky")
    static class StickyGrain implements Grain {
        @Override
        public void receive(GrainContext ctx) {
            ctx.respond(System.identityHashCode(this));
        }
    }

    /** Carries the annotation without being a grain. */
    @GrainComponent(kind = "broken")
    static class NotAGrain {
    }

    /** Both kinds of component at once. */
    @GrainComponent(kind = "both")
    @ActorComponent(name = "both")
    static class BothGrain implements Grain, io.goakt.actor.Actor {
        @Override
        public void receive(GrainContext ctx) {
        }

        @Override
        public void receive(io.goakt.actor.ReceiveContext ctx) {
        }
    }

    /** Declares the kind "counter" a second time. */
    @GrainComponent(kind = "counter")
    static class SecondCounterGrain implements Grain {
        @Override
        public void receive(GrainContext ctx) {
        }
    }

    @GrainComponent(kind = "bad-idle", idleTimeout = "soon")
    static class BadIdleTimeoutGrain extends SilentGrain {
    }

    @GrainComponent(kind = "negative-idle", idleTimeout = "-5s")
    static class NegativeIdleTimeoutGrain extends SilentGrain {
    }

    @GrainComponent(kind = "bad-max", maxMessages = -1)
    static class BadMaxMessagesGrain extends SilentGrain {
    }

    @GrainComponent(kind = "bad-mailbox", mailbox = "priority")
    static class BadMailboxGrain extends SilentGrain {
    }

    @GrainComponent(kind = "bad-dispatcher", dispatcher = "io-pool")
    static class BadDispatcherGrain extends SilentGrain {
    }

    @GrainComponent(kind = "bad/kind")
    static class BadKindGrain extends SilentGrain {
    }

    @GrainComponent(kind = "bounded", mailbox = "bounded", dispatcher = "default")
    static class BoundedGrain extends StickyGrain {
    }
}
