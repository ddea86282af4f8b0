package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.internal.util.Limits;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text form of refs inside messages, {@code goakt://system@host:port/path#uid}, both ways. */
class RefCodecTest {

    private ActorSystem system;
    private Remoting remoting;
    private RefCodec codec;

    @BeforeEach
    void start() {
        system = ActorSystem.create("codec");
        remoting = Remoting.start(system, RemotingConfig.builder().build());
        codec = ((RemotingEngine) remoting).refs();
    }

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void aRemoteRefSurvivesTheTextFormUnchanged() {
        ActorRef far = remoting.actorRef(new Address("far", "10.0.0.9", 7355, "/user/orders"));

        String wire = codec.toWire(far);

        assertThat(wire).isEqualTo("goakt://far@10.0.0.9:7355/user/orders#0");
        assertThat(codec.fromWire(wire)).isInstanceOf(RemoteActorRef.class).isEqualTo(far);
    }

    @Test
    void aLocalRefIsWrittenWithThisNodesEndpointAndReadBackAsTheLocalActor() {
        ActorRef local = system.spawnFromFunction("orders", ctx -> { });
        Endpoint self = remoting.endpoint();

        String wire = codec.toWire(local);

        assertThat(wire).isEqualTo("goakt://codec@" + self.host() + ":" + self.port() + "/user/orders#"
                + local.uid());
        assertThat(codec.fromWire(wire)).isSameAs(local);
    }

    @Test
    void textThatIsNotARefIsRefusedAndQuotedAtMostInPart() {
        List<String> refused = Arrays.asList(null, "", "http://codec@h:1/user/x#1", "goakt://codec/user/x#1",
                "goakt://@h:1/user/x#1", "goakt://codec@h/user/x#1", "goakt://codec@h:port/user/x#1",
                "goakt://codec@h:1/user/x", "goakt://codec@h:1/user/x#uid", "goakt://codec@h:1#1/user/x",
                "goakt://codec@h:1/user/" + "x".repeat(3000) + "#1");
        for (String text : refused) {
            assertThatThrownBy(() -> codec.fromWire(text)).as(String.valueOf(text))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("not an actor ref: ")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(150));
        }
    }

    @Test
    void aRefWhoseTextHasTheLongestLengthAPeerReadsIsWrittenAndReadBack() {
        ActorRef far = farRefWithTextOf(Limits.MAX_REF_TEXT_LENGTH);
        String wire = codec.toWire(far);
        assertThat(wire).hasSize(Limits.MAX_REF_TEXT_LENGTH);
        assertThat(codec.fromWire(wire)).isEqualTo(far);
    }

    @Test
    void aRefWhoseTextIsOneLongerIsRefusedBeforeItIsSent() {
        ActorRef far = farRefWithTextOf(Limits.MAX_REF_TEXT_LENGTH + 1);
        assertThatThrownBy(() -> codec.toWire(far)).isInstanceOf(SerializationException.class)
                .hasMessageContaining(Limits.MAX_REF_TEXT_LENGTH + " a peer reads");
    }

    /** A ref to a deep actor on another node whose text form has {@code length} characters. */
    private ActorRef farRefWithTextOf(int length) {
        String head = "goakt://far@10.0.0.9:7355";
        StringBuilder path = new StringBuilder("/user");
        while (head.length() + path.length() + 2 < length) {
            int segment = Math.min(100, length - head.length() - path.length() - "/".length() - "#0".length());
            path.append('/').append("c".repeat(segment));
        }
        ActorRef far = remoting.actorRef(new Address("far", "10.0.0.9", 7355, path.toString()));
        assertThat(head.length() + path.length() + "#0".length()).isEqualTo(length);
        return far;
    }
}
