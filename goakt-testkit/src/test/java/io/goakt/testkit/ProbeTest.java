package io.goakt.testkit;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Terminated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestKitExtension.class)
class ProbeTest {

    record Greet(String name) {
    }

    record Greeting(String text) {
    }

    private static ActorRef greeter(TestKit kit) {
        return kit.system().spawnFromFunction("greeter", ctx -> {
            if (ctx.message() instanceof Greet g) {
                ctx.respond(new Greeting("Hello, " + g.name()));
            }
        });
    }

    @Test
    void expectMessageSeesRepliesSentToTheProbe(TestKit kit) {
        Probe probe = kit.probe();
        ActorRef greeter = greeter(kit);
        probe.send(greeter, new Greet("Ada"));
        assertThat(probe.expectMessage(new Greeting("Hello, Ada"))).isEqualTo(new Greeting("Hello, Ada"));
        assertThat(probe.lastSender()).isEqualTo(greeter);
    }

    @Test
    void expectMessageFailsOnAnotherMessageAndOnSilence(TestKit kit) {
        Probe probe = kit.probe();
        probe.ref().tell("actual");
        assertThatThrownBy(() -> probe.expectMessage("expected")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected expected").hasMessageContaining("got actual");
        assertThatThrownBy(() -> probe.expectMessage(Duration.ofMillis(50), "anything"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no message came");
    }

    @Test
    void expectMessageOfTypeReturnsTheTypedMessageAndFailsOnAnotherType(TestKit kit) {
        Probe probe = kit.probe();
        probe.ref().tell(new Greeting("hi"));
        assertThat(probe.expectMessageOfType(Greeting.class).text()).isEqualTo("hi");
        probe.ref().tell(42);
        assertThatThrownBy(() -> probe.expectMessageOfType(String.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("42");
    }

    @Test
    void expectNoMessagePassesOnSilenceAndFailsOnAMessage(TestKit kit) {
        Probe probe = kit.probe();
        probe.expectNoMessage(Duration.ofMillis(50));
        probe.ref().tell("surprise");
        assertThatThrownBy(() -> probe.expectNoMessage(Duration.ofSeconds(5))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("surprise");
    }

    @Test
    void replyAnswersTheLastSender(TestKit kit) {
        Probe asker = kit.probe("asker");
        Probe server = kit.probe("server");
        asker.send(server.ref(), "question");
        server.expectMessage("question");
        server.reply("answer");
        asker.expectMessage("answer");
        assertThat(asker.lastSender()).isEqualTo(server.ref());
    }

    @Test
    void replyWithoutASenderIsAnAssertionError(TestKit kit) {
        Probe probe = kit.probe();
        probe.ref().tell("anonymous");
        probe.expectMessage("anonymous");
        assertThatThrownBy(() -> probe.reply("to nobody")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no sender");
    }

    @Test
    void watchAndExpectTerminated(TestKit kit) throws Exception {
        Probe probe = kit.probe();
        ActorRef greeter = greeter(kit);
        probe.watch(greeter);
        kit.system().stop(greeter);
        Terminated t = probe.expectTerminated(greeter);
        assertThat(t.actor()).isEqualTo(greeter);
    }

    @Test
    void expectTerminatedFailsForAnotherActor(TestKit kit) {
        Probe probe = kit.probe();
        ActorRef a = kit.system().spawnFromFunction("a", ctx -> { });
        ActorRef b = kit.system().spawnFromFunction("b", ctx -> { });
        probe.watch(a);
        kit.system().stop(a);
        assertThatThrownBy(() -> probe.expectTerminated(b)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/user/a");
    }

    @Test
    void unwatchMeansNoTerminated(TestKit kit) throws Exception {
        Probe probe = kit.probe();
        ActorRef a = kit.system().spawnFromFunction("a", ctx -> { });
        probe.watch(a);
        probe.unwatch(a);
        kit.system().stop(a).toCompletableFuture().get();
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void theKitClosesItsSystem() {
        TestKit kit = new TestKit();
        kit.probe();
        kit.close();
        assertThat(kit.system().isRunning()).isFalse();
        assertThat(kit.system().whenTerminated().toCompletableFuture()).isCompleted();
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> new TestKit("x", io.goakt.actor.ActorSystemConfig.defaults(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
