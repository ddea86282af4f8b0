package io.goakt.internal.remote;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On a real event loop (the in-VM local transport), so that "one event-loop turn" means what it does in production. */
class CoalescingWriterTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts flushes and swallows writes (completing their promises) so nothing needs releasing. */
    static final class Sink extends ChannelOutboundHandlerAdapter {
        final AtomicInteger flushes = new AtomicInteger();
        final List<Object> written = new CopyOnWriteArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            written.add(msg);
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
        }
    }

    @Test
    void writesOfOneEventLoopTurnShareOneFlush() throws Exception {
        LocalAddress address = new LocalAddress("coalescing-" + System.nanoTime());
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter()).bind(address).sync().channel();
        Sink sink = new Sink();
        Channel client = new Bootstrap().group(group).channel(LocalChannel.class).handler(sink)
                .connect(address).sync().channel();
        CoalescingWriter writer = new CoalescingWriter(client);

        client.eventLoop().submit(() -> {
            for (int i = 0; i < 100; i++) {
                writer.write("m" + i);
            }
        }).sync();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.flushes.get() >= 1);
        // Once the loop is idle, exactly one flush carried the hundred writes.
        client.eventLoop().submit(() -> { }).sync();
        assertThat(sink.flushes.get()).isEqualTo(1);
        assertThat(sink.written).hasSize(100).startsWith("m0", "m1");

        client.eventLoop().submit(() -> writer.write("later")).sync();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.flushes.get() == 2);

        // From a foreign thread every write still gets flushed, with no more flushes than writes.
        for (int i = 0; i < 50; i++) {
            writer.write("x" + i);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.written.size() == 151);
        client.eventLoop().submit(() -> { }).sync();
        assertThat(sink.flushes.get()).isBetween(3, 52);
        client.close().sync();
        server.close().sync();
    }
}
