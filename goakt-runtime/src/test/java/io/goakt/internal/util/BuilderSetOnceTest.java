package io.goakt.internal.util;

import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.SpawnOptions;
import io.goakt.grain.GrainOptions;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.remote.RemotingConfig;
import io.goakt.router.Pool;
import io.goakt.router.RoutingStrategy;
import io.goakt.supervision.Backoff;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every public builder follows the one set-once rule of {@link SetOnce}, with the same error text. */
class BuilderSetOnceTest {

    @Test
    void aSecondSettingFailsTheSameWayInEveryBuilderNamingTheOldValue() {
        assertThatThrownBy(() -> SpawnOptions.builder().dispatcher("io").dispatcher("cpu"))
                .isInstanceOf(IllegalStateException.class).hasMessage("dispatcher is already set to io");
        assertThatThrownBy(() -> GrainOptions.builder().dispatcher("io").dispatcher("cpu"))
                .isInstanceOf(IllegalStateException.class).hasMessage("dispatcher is already set to io");
        assertThatThrownBy(() -> ActorSystemConfig.builder().throughput(8).throughput(16))
                .isInstanceOf(IllegalStateException.class).hasMessage("throughput is already set to 8");
        assertThatThrownBy(() -> RemotingConfig.builder().ioThreads(3).ioThreads(4))
                .isInstanceOf(IllegalStateException.class).hasMessage("ioThreads is already set to 3");
        assertThatThrownBy(() -> SupervisorStrategy.oneForOne().backoff(Backoff.none()).backoff(Backoff.none()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("backoff is already set to ");
        SupervisorStrategy resume = SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build();
        assertThatThrownBy(() -> Pool.builder(2, () -> ctx -> { }, RoutingStrategy.roundRobin())
                .routeeSupervisor(resume).routeeSupervisor(resume))
                .isInstanceOf(IllegalStateException.class).hasMessage("routeeSupervisor is already set to " + resume);
    }

    @Test
    void aDefaultHeldBeforeTheFirstCallDoesNotCountAsGiven() {
        assertThat(RemotingConfig.builder().host("0.0.0.0").build().host()).isEqualTo("0.0.0.0");
        assertThat(SpawnOptions.builder().stashCapacity(5).build().stashCapacity()).isEqualTo(5);
    }

    @Test
    void aRefusedValueLeavesTheSettingUnset() {
        GrainOptions.Builder grain = GrainOptions.builder();
        assertThatThrownBy(() -> grain.maxMessages(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(grain.maxMessages(3).build().maxMessages()).isEqualTo(3);
        SpawnOptions.Builder spawn = SpawnOptions.builder();
        assertThatThrownBy(() -> spawn.mailbox(null)).isInstanceOf(NullPointerException.class).hasMessage("mailbox");
        assertThat(spawn.mailbox(MailboxFactory.fair()).build().mailbox()).isNotNull();
    }

    @Test
    void anExplicitMinusOneIsRefusedNotReadAsTheDefault() {
        assertThatThrownBy(() -> ActorSystemConfig.builder().throughput(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("throughput");
        assertThatThrownBy(() -> ActorSystemConfig.builder().stashCapacity(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stashCapacity");
    }

    @Test
    void builtSingleUseBuildersRefuseFurtherCalls() {
        ActorSystemConfig.Builder config = ActorSystemConfig.builder();
        config.build();
        assertThatThrownBy(() -> config.askTimeout(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("this builder has already built its config");
        SupervisorStrategy.Builder strategy = SupervisorStrategy.oneForOne();
        strategy.build();
        assertThatThrownBy(strategy::build)
                .isInstanceOf(IllegalStateException.class).hasMessage("this builder has already built its strategy");
    }

    @Test
    void aDefaultDirectiveCannotFollowACustomDecider() {
        assertThatThrownBy(() -> SupervisorStrategy.oneForOne().decider(t -> Directive.RESUME)
                .otherwise(Directive.STOP)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("custom decider");
    }
}
