package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;

import java.util.concurrent.atomic.AtomicInteger;

/** Actor kinds and collaborators the auto-configuration tests register. */
final class TestActors {

    private TestActors() {
    }

    /** Counts the instances the context makes. */
    static class Instances {
        final AtomicInteger created = new AtomicInteger();
    }

    /** Replies with its instance number to any message. */
    @ActorComponent(name = "echo")
    static class EchoActor implements Actor {
        private final int instance;

        EchoActor(Instances instances) {
            this.instance = instances.created.incrementAndGet();
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond(instance);
            }
        }
    }

    /** Spawned on first use only. */
    @ActorComponent(name = "lazy", startup = ActorComponent.Startup.LAZY)
    static class LazyActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond("lazy:" + ctx.message());
            }
        }
    }

    /** Receives the lazy actor's ref by injection. */
    static class LazyClient {
        final ActorRef lazy;

        LazyClient(@ActorName("lazy") ActorRef lazy) {
            this.lazy = lazy;
        }
    }

    /** Asks for an actor no component declares. */
    static class UnknownClient {
        UnknownClient(@ActorName("ordrs") ActorRef orders) {
        }
    }

    /** Carries the annotation without being an actor. */
    @ActorComponent(name = "broken")
    static class NotAnActor {
    }

    /** Uses an unknown mailbox type. */
    @ActorComponent(name = "odd-mailbox", mailbox = "priority")
    static class OddMailboxActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }

    /** Asks for a dispatcher nobody registered. */
    @ActorComponent(name = "odd-dispatcher", dispatcher = "io-pool")
    static class OddDispatcherActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }

    /** Names a supervisor bean and an explicit mailbox. */
    @ActorComponent(name = "supervised", supervisor = "strict", mailbox = "unbounded")
    static class SupervisedActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
        }
    }

    /** Passivates after three messages. */
    @ActorComponent(name = "short-lived", passivation = "3 messages")
    static class ShortLivedActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }

    /** Spells its passivation wrong. */
    @ActorComponent(name = "odd-passivation", passivation = "soon")
    static class OddPassivationActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }
}
