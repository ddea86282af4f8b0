package io.goakt.remote;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ThreadContextHook;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A message context hook's context crosses remoting in the headers and is current in the remote handler. */
class RemoteMessageContextTest {

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(10));
        }
    }

    private Remoting node(String name, ThreadContextHook hook) {
        ActorSystem system = ActorSystem.create(name, ActorSystemConfig.builder().messageContextHook(hook).build());
        systems.add(system);
        return Remoting.start(system, RemotingConfig.builder().serialization(Messages.serialization()).build());
    }

    /** Records the context current while it handles a Ping, and answers it. */
    static final class Echo implements Actor {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final ThreadContextHook hook;

        Echo(ThreadContextHook hook) {
            this.hook = hook;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ping p) {
                seen.add(p.text() + "@" + hook.current());
                ctx.respond(new Pong(p.text()));
            }
        }
    }

    @Test
    void aTellAndAnAskCarryTheContextToTheRemoteHandler() throws Exception {
        ThreadContextHook alphaHook = new ThreadContextHook();
        ThreadContextHook betaHook = new ThreadContextHook();
        Remoting a = node("alpha", alphaHook);
        Remoting b = node("beta", betaHook);
        Echo echo = new Echo(betaHook);
        b.system().spawnInstance("echo", echo);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");

        alphaHook.runWith("root", () -> remote.tell(new Ping("told")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> echo.seen.contains("told@root/echo"));

        AtomicReference<CompletionStage<Object>> reply = new AtomicReference<>();
        alphaHook.runWith("root", () -> reply.set(remote.ask(new Ping("asked"), Duration.ofSeconds(30))));
        assertThat(reply.get().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(new Pong("asked"));
        assertThat(echo.seen).contains("asked@root/echo");
        assertThat(alphaHook.captured).containsExactly("TELL Ping root -", "ASK Ping root -");
        await().atMost(30, TimeUnit.SECONDS).until(() -> betaHook.closed.get() == 2);
    }

    @Test
    void anActorsTellToARemoteActorContinuesTheContextItIsHandling() {
        ThreadContextHook alphaHook = new ThreadContextHook();
        ThreadContextHook betaHook = new ThreadContextHook();
        Remoting a = node("alpha", alphaHook);
        Remoting b = node("beta", betaHook);
        Echo echo = new Echo(betaHook);
        b.system().spawnInstance("echo", echo);
        ActorRef remote = a.actorRef(b.endpoint(), "beta", "echo");
        ActorRef relay = a.system().spawnFromFunction("relay", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.tell(remote, new Ping("relayed"));
            }
        });
        alphaHook.runWith("root", () -> relay.tell("go"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> echo.seen.contains("relayed@root/relay/echo"));
    }

    @Test
    void aSendWithoutContextCarriesNoHeader() {
        ThreadContextHook alphaHook = new ThreadContextHook();
        ThreadContextHook betaHook = new ThreadContextHook();
        Remoting a = node("alpha", alphaHook);
        Remoting b = node("beta", betaHook);
        Echo echo = new Echo(betaHook);
        b.system().spawnInstance("echo", echo);
        a.actorRef(b.endpoint(), "beta", "echo").tell(new Ping("plain"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> echo.seen.contains("plain@null"));
        assertThat(betaHook.opened).isEmpty();
    }
}
