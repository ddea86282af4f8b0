package io.goakt.testkit;

import io.goakt.grain.Grain;
import io.goakt.grain.GrainActivationException;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainDeactivated;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestKitExtension.class)
class GrainProbeTest {

    private static final Duration SHORT = Duration.ofMillis(100);

    /** Counts "inc" and answers the count; throws on "fail"; ignores "quiet". */
    static final class Counter implements Grain {
        private int count;

        @Override
        public void receive(GrainContext ctx) {
            Object m = ctx.message();
            if ("inc".equals(m)) {
                ctx.respond(++count);
            } else if ("fail".equals(m)) {
                throw new IllegalStateException("boom");
            } else if (!"quiet".equals(m)) {
                ctx.respond("echo " + m);
            }
        }
    }

    private static GrainRegistry grains(TestKit kit) {
        GrainRegistry grains = Grains.of(kit.system());
        if (!grains.kinds().contains("counter")) {
            grains.register("counter", Counter::new);
        }
        return grains;
    }

    private static GrainRef counter(TestKit kit, String id) {
        return grains(kit).ref("counter", id);
    }

    @Test
    void expectResponseSeesTheReplyToWhatTheProbeSent(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        probe.send(c, "inc");
        probe.send(c, "inc");
        assertThat(probe.expectResponse(1)).isEqualTo(1);
        assertThat(probe.expectResponse(Duration.ofSeconds(3), 2)).isEqualTo(2);
    }

    @Test
    void expectResponseFailsOnAnotherReplyAndOnSilence(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        probe.send(c, "inc");
        assertThatThrownBy(() -> probe.expectResponse(42)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 42").hasMessageContaining("got 1");
        probe.send(c, "quiet");
        assertThatThrownBy(() -> probe.expectResponse(SHORT, "anything")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no message came");
    }

    @Test
    void expectResponseOfTypeReturnsTheReplyAndFailsOnAnotherType(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        probe.send(c, "hello");
        assertThat(probe.expectResponseOfType(String.class)).isEqualTo("echo hello");
        probe.send(c, "inc");
        assertThatThrownBy(() -> probe.expectResponseOfType(String.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("1");
    }

    @Test
    void expectNoResponsePassesOnSilenceAndFailsOnAReply(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        probe.send(c, "quiet");
        probe.expectNoResponse(SHORT);
        probe.send(c, "inc");
        assertThatThrownBy(() -> probe.expectNoResponse(Duration.ofSeconds(5))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1");
    }

    @Test
    void askReturnsTheReplyAndFailsWhenTheGrainDoes(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        assertThat(probe.ask(c, "inc")).isEqualTo(1);
        assertThat(probe.ask(c, "inc", Integer.class)).isEqualTo(2);
        assertThatThrownBy(() -> probe.ask(c, "inc", String.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("3");
        assertThatThrownBy(() -> probe.ask(c, "fail")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed").hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> probe.ask(c, "quiet", SHORT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no reply");
    }

    @Test
    void expectAskFailureReturnsTheCauseAndFailsWhenTheAskSucceeds(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        assertThat(probe.expectAskFailure(c, "fail")).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThatThrownBy(() -> probe.expectAskFailure(c, "inc")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("to fail").hasMessageContaining("answered 1");

        Grains.of(kit.system()).register("broken", () -> new Grain() {
            @Override
            public void onActivate(GrainContext ctx) {
                throw new IllegalStateException("no storage");
            }

            @Override
            public void receive(GrainContext ctx) {
            }
        });
        assertThat(probe.expectAskFailure(Grains.of(kit.system()).ref("broken", "1"), "hi"))
                .isInstanceOf(GrainActivationException.class).hasRootCauseMessage("no storage");
    }

    @Test
    void expectActivatedAndDeactivatedFollowTheGrainsLifecycle(TestKit kit) throws Exception {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        probe.send(c, "inc");
        assertThat(probe.expectActivated(c.identity()).identity()).isEqualTo(c.identity());
        grains(kit).deactivate(c.identity());
        GrainDeactivated d = probe.expectDeactivated(c.identity());
        assertThat(d.reason()).isEqualTo(GrainDeactivated.Reason.REQUESTED);
        probe.send(c, "inc");
        probe.expectActivated(c.identity());
        probe.expectResponse(1);
        probe.expectResponse(1); // a fresh instance
    }

    @Test
    void expectActivatedFailsWhenTheGrainIsNotActivatedAndNamesWhatCameInstead(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef other = counter(kit, "other");
        probe.send(other, "inc");
        probe.expectResponse(1);
        assertThatThrownBy(() -> probe.expectActivated(SHORT, GrainIdentity.of("counter", "never")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GrainActivated of counter/never")
                .hasMessageContaining("got only").hasMessageContaining("counter/other");
        // what it passed over is still there
        probe.expectActivated(other.identity());
    }

    @Test
    void expectDeactivatedFailsWhileTheGrainStaysActive(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        GrainRef c = counter(kit, "c");
        probe.send(c, "inc");
        probe.expectActivated(c.identity());
        assertThatThrownBy(() -> probe.expectDeactivated(SHORT, c.identity())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("GrainDeactivated of counter/c").hasMessageContaining("no message came");
    }

    @Test
    void eventsOfOtherGrainsWaitForTheirOwnExpectations(TestKit kit) {
        GrainProbe probe = kit.grainProbe();
        Grains.of(kit.system()).register("once", Counter::new, GrainOptions.builder().maxMessages(1).build());
        GrainRef a = Grains.of(kit.system()).ref("once", "a");
        GrainRef b = Grains.of(kit.system()).ref("once", "b");
        probe.send(a, "inc");
        probe.expectResponse(1);
        probe.send(b, "inc");
        probe.expectResponse(1);
        probe.expectDeactivated(b.identity());
        probe.expectActivated(b.identity());
        assertThat(probe.expectDeactivated(a.identity()).reason()).isEqualTo(GrainDeactivated.Reason.MAX_MESSAGES);
        probe.expectActivated(a.identity());
    }
}
