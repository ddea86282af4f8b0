package io.goakt.remote;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.internal.remote.RemotingEngine;
import io.goakt.remote.Messages.Numbered;
import io.goakt.remote.Messages.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tells still waiting for a connection when their peer leaves the cluster: a type with a rerouter (the clustered
 * grains register theirs) goes to it with its sender, any other type becomes a dead letter as before.
 */
class RerouteOnPeerGoneTest {

    private final ActorSystem system = ActorSystem.create("alpha");

    @AfterEach
    void shutdown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void aHeldTellOfAReroutedTypeGoesToItsRerouterAndOthersBecomeDeadLetters() throws Exception {
        RemotingEngine remoting = (RemotingEngine) Remoting.start(system, RemotingConfig.builder()
                .serialization(Messages.serialization()).unreachableAfter(Duration.ofMinutes(5)).build());
        Endpoint gone = refusingEndpoint();
        List<Object[]> rerouted = new CopyOnWriteArrayList<>();
        remoting.rerouteIfGone("test.Ping", (message, sender) -> rerouted.add(new Object[] {message, sender}));
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(DeadLetter.class, dead::add);
        ActorRef sender = system.spawn("sender", () -> (Actor) ctx -> { });

        ActorRef target = remoting.actorRef(gone, "beta", "grains");
        target.tell(new Ping("held"), sender);
        target.tell(new Numbered(7), sender);
        remoting.peerGone(gone, "left the cluster (member beta)");

        await().atMost(10, TimeUnit.SECONDS).until(() -> rerouted.size() == 1 && !dead.isEmpty());
        assertThat(rerouted.get(0)[0]).isEqualTo(new Ping("held"));
        assertThat(((ActorRef) rerouted.get(0)[1]).path()).isEqualTo(sender.path());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).message()).isInstanceOfSatisfying(UndeliverableMessage.class,
                u -> assertThat(u.typeId()).isEqualTo("test.Numbered"));
    }

    /** An endpoint on loopback where nothing listens: a tell to it waits in the backlog while connects fail. */
    private static Endpoint refusingEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        return new Endpoint("127.0.0.1", port);
    }
}
