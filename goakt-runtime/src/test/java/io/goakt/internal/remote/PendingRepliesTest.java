package io.goakt.internal.remote;

import io.goakt.actor.AskTimeoutException;
import io.goakt.remote.Endpoint;
import io.goakt.remote.RemoteUnreachableException;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PendingRepliesTest {

    private final EventLoopGroup timers = new DefaultEventLoopGroup(1);
    private final PendingReplies pending = new PendingReplies(timers);
    private final Endpoint peer = new Endpoint("127.0.0.1", 1);

    @AfterEach
    void shutdown() {
        timers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aReplyTakesItsEntryOnce() {
        CompletableFuture<Object> f = new CompletableFuture<>();
        PendingReplies.Entry e = pending.register(peer, null, f, null, Duration.ofMinutes(1), null, "q");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.take(e.id())).isSameAs(e);
        assertThat(pending.take(e.id())).isNull();
        assertThat(pending.size()).isZero();
    }

    @Test
    void aTimeoutFailsTheAskAndRemovesTheEntry() {
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.register(peer, null, f, null, Duration.ofMillis(50), null, "q");
        await().atMost(5, TimeUnit.SECONDS).until(f::isDone);
        assertThatThrownBy(f::join).hasCauseInstanceOf(AskTimeoutException.class);
        assertThat(pending.size()).isZero();
    }

    @Test
    void aFailureSelectsItsEntriesAndLeavesTheOthers() {
        Endpoint other = new Endpoint("127.0.0.1", 2);
        CompletableFuture<Object> lost = new CompletableFuture<>();
        CompletableFuture<Object> kept = new CompletableFuture<>();
        pending.register(peer, null, lost, null, Duration.ofMinutes(1), null, "q");
        pending.register(other, null, kept, null, Duration.ofMinutes(1), null, "q");
        pending.failIf(e -> e.peer().equals(peer), new RemoteUnreachableException("gone"));
        assertThatThrownBy(lost::join).hasCauseInstanceOf(RemoteUnreachableException.class);
        assertThat(kept).isNotDone();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void aCallerCompletingTheFutureRemovesTheEntry() {
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.register(peer, null, f, null, Duration.ofMinutes(1), null, "q");
        f.cancel(false);
        assertThat(pending.size()).isZero();
    }

    @Test
    void idsAreDistinctAndNeverZero() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long id = pending.register(peer, null, new CompletableFuture<>(), null, Duration.ofMinutes(1), null, "q")
                    .id();
            assertThat(id).isNotZero();
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
        pending.failIf(e -> true, new RemoteUnreachableException("closed"));
        assertThat(pending.size()).isZero();
    }
}
