package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Terminated;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A peer in a separate JVM process: messages flow, and killing it gives Terminated and failed asks. */
class SecondJvmTest {

    private Process peer;
    private ActorSystem system;

    @AfterEach
    void cleanUp() {
        if (peer != null) {
            peer.destroyForcibly();
        }
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void aKilledPeerGivesTerminatedAndFailedAsksNotHangs() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        peer = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PeerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null && !l.startsWith("PORT ")) {
                    // skip anything else the peer prints
                }
                return l;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).startsWith("PORT ");
        int port = Integer.parseInt(line.substring(5).trim());

        system = ActorSystem.create("local");
        Remoting remoting = Remoting.start(system, RemotingConfig.builder()
                .serialization(Messages.serialization())
                .unreachableAfter(Duration.ofSeconds(1))
                .build());
        ActorRef echo = remoting.actorRef(new Endpoint("127.0.0.1", port), "peer", "echo");

        assertThat(echo.ask(new Ping("hi"), Duration.ofSeconds(20)).toCompletableFuture().get(20, TimeUnit.SECONDS))
                .isEqualTo(new Pong("hi from peer"));

        List<Object> got = new CopyOnWriteArrayList<>();
        system.spawnFromFunction("watcher", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.watch(echo);
                ctx.respond("watching");
            } else {
                got.add(ctx.message());
            }
        }).ask("go", Duration.ofSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        CompletableFuture<Object> unanswered = echo.ask(new Ping("silent"), Duration.ofMinutes(5))
                .toCompletableFuture();

        peer.destroyForcibly();
        assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(30, TimeUnit.SECONDS).until(unanswered::isDone);
        assertThat(unanswered).isCompletedExceptionally();
        await().atMost(30, TimeUnit.SECONDS).until(() -> got.contains(new Terminated(echo)));
        CompletableFuture<Object> afterDeath = echo.ask(new Ping("late"), Duration.ofMinutes(5)).toCompletableFuture();
        await().atMost(30, TimeUnit.SECONDS).until(afterDeath::isDone);
        assertThat(afterDeath).isCompletedExceptionally();
        assertThat(remoting.pendingReplies()).isZero();
    }
}
