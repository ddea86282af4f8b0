package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Heartbeat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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

    /** Counts flushes and decodes what is written (frames back to back in buffers), releasing the buffers. */
    static final class Sink extends ChannelOutboundHandlerAdapter {
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger buffers = new AtomicInteger();
        final List<Frame> written = new CopyOnWriteArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            ByteBuf buf = (ByteBuf) msg;
            try {
                buffers.incrementAndGet();
                while (buf.isReadable()) {
                    int size = buf.readInt();
                    byte[] bytes = new byte[size];
                    buf.readBytes(bytes);
                    written.add(Frame.parseFrom(bytes));
                }
            } finally {
                buf.release();
            }
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
        }
    }

    private static Frame frame(long n) {
        return Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtNanos(n)).build();
    }

    private Channel[] connect(ChannelOutboundHandlerAdapter sink) throws Exception {
        LocalAddress address = new LocalAddress("coalescing-" + System.nanoTime());
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter()).bind(address).sync().channel();
        Channel client = new Bootstrap().group(group).channel(LocalChannel.class).handler(sink)
                .connect(address).sync().channel();
        return new Channel[] {server, client};
    }

    @Test
    void writesOfOneEventLoopTurnShareOneBufferAndOneFlush() throws Exception {
        Sink sink = new Sink();
        Channel[] ch = connect(sink);
        Channel client = ch[1];
        CoalescingWriter writer = new CoalescingWriter(client);

        client.eventLoop().submit(() -> {
            for (int i = 0; i < 100; i++) {
                writer.write(frame(i));
            }
        }).sync();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.flushes.get() >= 1);
        // Once the loop is idle, exactly one flush of one buffer carried the hundred frames, in order.
        client.eventLoop().submit(() -> { }).sync();
        assertThat(sink.flushes.get()).isEqualTo(1);
        assertThat(sink.buffers.get()).isEqualTo(1);
        assertThat(sink.written).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(sink.written.get(i).getHeartbeat().getSentAtNanos()).isEqualTo(i);
        }

        client.eventLoop().submit(() -> writer.write(frame(100))).sync();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.flushes.get() == 2);

        // From a foreign thread every write still gets flushed, with no more flushes than writes.
        for (int i = 0; i < 50; i++) {
            writer.write(frame(101 + i));
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.written.size() == 151);
        client.eventLoop().submit(() -> { }).sync();
        assertThat(sink.flushes.get()).isBetween(3, 52);
        client.close().sync();
        ch[0].close().sync();
    }

    @Test
    void aBurstLargerThanOneDrainIsSplitAndFullyWritten() throws Exception {
        Sink sink = new Sink();
        Channel[] ch = connect(sink);
        Channel client = ch[1];
        CoalescingWriter writer = new CoalescingWriter(client);
        int total = CoalescingWriter.MAX_FRAMES_PER_DRAIN * 3 + 7;
        client.eventLoop().submit(() -> {
            for (int i = 0; i < total; i++) {
                writer.write(frame(i));
            }
        }).sync();
        await().atMost(30, TimeUnit.SECONDS).until(() -> sink.written.size() == total);
        for (int i = 0; i < total; i++) {
            assertThat(sink.written.get(i).getHeartbeat().getSentAtNanos()).isEqualTo(i);
        }
        assertThat(sink.flushes.get()).as("one flush per drain").isGreaterThanOrEqualTo(4);
        client.close().sync();
        ch[0].close().sync();
    }

    @Test
    void manyWritingThreadsLoseNothingAndKeepEachThreadsOrder() throws Exception {
        Sink sink = new Sink();
        Channel[] ch = connect(sink);
        Channel client = ch[1];
        CoalescingWriter writer = new CoalescingWriter(client);
        int threads = 6;
        int perThread = 20_000;
        List<Thread> writers = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            long base = (long) t << 32;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    writer.write(frame(base | i));
                }
            });
            w.start();
            writers.add(w);
        }
        start.countDown();
        for (Thread w : writers) {
            w.join(TimeUnit.MINUTES.toMillis(2));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> sink.written.size() == threads * perThread);
        long[] next = new long[threads];
        for (Frame f : sink.written) {
            long v = f.getHeartbeat().getSentAtNanos();
            int t = (int) (v >>> 32);
            assertThat(v & 0xffffffffL).as("thread %d's frames in order", t).isEqualTo(next[t]);
            next[t]++;
        }
        assertThat(next).containsOnly(perThread);
        client.close().sync();
        ch[0].close().sync();
    }
}
