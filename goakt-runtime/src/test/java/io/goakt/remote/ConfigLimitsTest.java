package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.internal.util.Limits;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import io.goakt.serialization.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local side of each limit in {@link Limits}: the top of each range is accepted by the config and works against
 * a live peer (which checks the same constant), one past it is refused by the config.
 */
class ConfigLimitsTest {

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        systems.forEach(s -> s.shutdown(Duration.ofSeconds(10)));
    }

    private ActorSystem system(String name) {
        ActorSystem s = ActorSystem.create(name);
        systems.add(s);
        return s;
    }

    private static Pong ask(ActorRef ref, String text) throws Exception {
        return (Pong) ref.ask(new Ping(text), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Remoting echoServer(RemotingConfig.Builder config) {
        ActorSystem server = system("server");
        Remoting remoting = Remoting.start(server, config.serialization(Messages.serialization()).build());
        server.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        return remoting;
    }

    @Test
    void aSystemWithTheLongestNameTalksToAPeer() throws Exception {
        Remoting server = echoServer(RemotingConfig.builder());
        ActorSystem client = system("c".repeat(Limits.MAX_NAME_LENGTH));
        Remoting remoting = Remoting.start(client, RemotingConfig.builder()
                .serialization(Messages.serialization()).build());
        assertThat(ask(remoting.actorRef(server.endpoint(), "server", "echo"), "long name"))
                .isEqualTo(new Pong("long name"));
        assertThat(server.stats().failures(FailureKind.HANDSHAKE_FAILED)).isZero();
    }

    @Test
    void aSystemNameOneLongerIsRefusedLocally() {
        assertThatThrownBy(() -> system("c".repeat(Limits.MAX_NAME_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("system name");
    }

    @Test
    void anActorNameOfTheLongestLengthIsSpawnedAndOneLongerRefused() {
        ActorSystem s = system("names");
        assertThat(s.spawnFromFunction("a".repeat(Limits.MAX_NAME_LENGTH), ctx -> { }).address().name())
                .hasSize(Limits.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> s.spawnFromFunction("a".repeat(Limits.MAX_NAME_LENGTH + 1), ctx -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor name");
    }

    @Test
    void nodesWithTheLargestMaxFrameSizeConnectAndServe() throws Exception {
        Remoting server = echoServer(RemotingConfig.builder().maxFrameSize(Limits.MAX_FRAME_SIZE));
        ActorSystem client = system("client");
        Remoting remoting = Remoting.start(client, RemotingConfig.builder().maxFrameSize(Limits.MAX_FRAME_SIZE)
                .serialization(Messages.serialization()).build());
        assertThat(ask(remoting.actorRef(server.endpoint(), "server", "echo"), "1 GiB frames"))
                .isEqualTo(new Pong("1 GiB frames"));
        assertThat(server.stats().failures()).isEmpty();
    }

    @Test
    void aMessageOverThePeersSmallerMaxFrameSizeFailsOnTheSendersThreadAndTheConnectionStays() throws Exception {
        Remoting server = echoServer(RemotingConfig.builder().maxFrameSize(64 * 1024));
        ActorSystem client = system("client");
        Remoting remoting = Remoting.start(client, RemotingConfig.builder().maxFrameSize(4 * 1024 * 1024)
                .serialization(Messages.serialization()).build());
        ActorRef echo = remoting.actorRef(server.endpoint(), "server", "echo");
        assertThat(ask(echo, "handshake")).isEqualTo(new Pong("handshake"));

        String big = "x".repeat(100 * 1024);
        assertThatThrownBy(() -> echo.tell(new Ping(big), null)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("max frame size " + 64 * 1024 + " of the peer " + server.endpoint());
        String fits = "y".repeat(60 * 1024);
        assertThat(ask(echo, fits)).isEqualTo(new Pong(fits));
        assertThat(server.stats().failures(FailureKind.FRAME_TOO_LARGE)).isZero();
    }

    @Test
    void aMaxFrameSizeOutsideItsRangeIsRefusedLocally() {
        assertThatCode(() -> RemotingConfig.builder().maxFrameSize(Limits.MIN_FRAME_SIZE)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RemotingConfig.builder().maxFrameSize(Limits.MAX_FRAME_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max frame size");
        assertThatThrownBy(() -> RemotingConfig.builder().maxFrameSize(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemotingConfig.builder().maxFrameSize(Limits.MIN_FRAME_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostsOfTheLongestLengthAreAcceptedAndOneLongerRefused() {
        String longest = "h".repeat(Limits.MAX_HOST_LENGTH);
        String tooLong = longest + "h";
        assertThatCode(() -> RemotingConfig.builder().host(longest).advertisedHost(longest))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RemotingConfig.builder().host(tooLong)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemotingConfig.builder().advertisedHost(tooLong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advertised host");
        assertThatThrownBy(() -> RemotingConfig.builder().advertisedHost("a b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> ClusterConfig.builder().host(longest).advertisedHost(longest)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ClusterConfig.builder().host(tooLong)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterConfig.builder().advertisedHost(tooLong))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portsOfTheHighestNumberAreAcceptedAndOneHigherRefused() {
        assertThatCode(() -> RemotingConfig.builder().port(Limits.MAX_PORT).advertisedPort(Limits.MAX_PORT))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RemotingConfig.builder().advertisedPort(Limits.MAX_PORT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> ClusterConfig.builder().port(Limits.MAX_PORT).advertisedPort(Limits.MAX_PORT))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ClusterConfig.builder().port(Limits.MAX_PORT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remotingTimeoutsUpToTheLongestAreAcceptedAndOneMillisecondMoreRefused() {
        Duration longest = Limits.MAX_TIMEOUT;
        Duration tooLong = longest.plusMillis(1);
        assertThatCode(() -> RemotingConfig.builder().connectTimeout(longest).replyTimeout(longest)
                .unreachableAfter(longest).reconnectBackoff(longest, longest).idleTimeout(longest)
                .heartbeatInterval(longest.minusMillis(1)).build()).doesNotThrowAnyException();
        assertThatThrownBy(() -> RemotingConfig.builder().connectTimeout(tooLong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> RemotingConfig.builder().idleTimeout(tooLong))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemotingConfig.builder().replyTimeout(tooLong))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actorSystemTimeoutsUpToTheLongestAreAcceptedAndOneMillisecondMoreRefused() {
        Duration longest = Limits.MAX_TIMEOUT;
        assertThatCode(() -> ActorSystemConfig.builder().askTimeout(longest).shutdownTimeout(longest).build())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ActorSystemConfig.builder().askTimeout(longest.plusMillis(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("askTimeout");
        assertThatThrownBy(() -> ActorSystemConfig.builder().shutdownTimeout(longest.plusMillis(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout");
    }

    @Test
    void clusterTimeoutsUpToTheLongestAreAcceptedAndOneMillisecondMoreRefused() {
        Duration longest = Limits.MAX_TIMEOUT;
        Duration second = Duration.ofSeconds(1);
        assertThatCode(() -> new FailureDetection(second, longest, second, longest)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new FailureDetection(second, longest.plusMillis(1), second, second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureDetection.timeout");
        assertThatCode(() -> ClusterConfig.builder().joinTimeout(longest).handoverTimeout(longest))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ClusterConfig.builder().joinTimeout(longest.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("joinTimeout");
        assertThatThrownBy(() -> ClusterConfig.builder().handoverTimeout(longest.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handoverTimeout");
    }

    @Test
    void aClusterNameOfTheLongestLengthIsAcceptedAndOneLongerRefused() {
        assertThatCode(() -> ClusterConfig.builder().clusterName("c".repeat(Limits.MAX_CLUSTER_NAME_LENGTH)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ClusterConfig.builder().clusterName("c".repeat(Limits.MAX_CLUSTER_NAME_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterName");
    }
}
