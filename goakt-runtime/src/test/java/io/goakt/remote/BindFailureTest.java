package io.goakt.remote;

import io.goakt.actor.ActorSystem;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A port already in use fails {@code Remoting.start} with a clear error and leaves no I/O threads behind. */
class BindFailureTest {

    @Test
    void aTakenPortFailsCleanlyAndStopsItsThreads() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ActorSystem system = ActorSystem.create("bind-fail")) {
            assertThatThrownBy(() -> Remoting.start(system, RemotingConfig.builder().host("127.0.0.1")
                    .port(taken.getLocalPort()).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not bind 127.0.0.1:" + taken.getLocalPort());
            await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("goakt-remote-bind-fail")));
            assertThat(Remoting.of(system)).isEmpty();
        }
    }
}
