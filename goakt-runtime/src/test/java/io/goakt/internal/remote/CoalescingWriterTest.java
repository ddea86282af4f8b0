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
        CoalescingWriter writer = new CoalescingWriter(client, Long.MAX_VALUE);

        client.eventLoop().submit(() -> {
            for (int i = 0; i < 100; i++) {
                assertThat(writer.write(frame(i), 16)).isTrue();
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

        client.eventLoop().submit(() -> writer.write(frame(100), 16)).sync();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.flushes.get() == 2);

        // From a foreign thread every write still gets flushed, with no more flushes than writes.
        for (int i = 0; i < 50; i++) {
            assertThat(writer.write(frame(101 + i), 16)).isTrue();
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
        CoalescingWriter writer = new CoalescingWriter(client, Long.MAX_VALUE);
        int total = CoalescingWriter.MAX_FRAMES_PER_DRAIN * 3 + 7;
        client.eventLoop().submit(() -> {
            for (int i = 0; i < total; i++) {
                assertThat(writer.write(frame(i), 16)).isTrue();
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
        CoalescingWriter writer = new CoalescingWriter(client, Long.MAX_VALUE);
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
                    assertThat(writer.write(frame(base | i), 16)).isTrue();
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

    @Test
    void aPeerThatStopsReadingFillsTheQueueToItsLimitThenGetsEverythingAccepted() throws Exception {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory());
        try (java.net.ServerSocket server = new java.net.ServerSocket()) {
            server.setReceiveBufferSize(16 * 1024);
            server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            Channel client = new Bootstrap().group(nio).channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .option(io.netty.channel.ChannelOption.SO_SNDBUF, 16 * 1024)
                    .option(io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new io.netty.channel.WriteBufferWaterMark(8 * 1024, 32 * 1024))
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(server.getLocalSocketAddress()).sync().channel();
            java.net.Socket peer = server.accept(); // and does not read yet
            long limit = 256 * 1024;
            CoalescingWriter writer = new CoalescingWriter(client, limit);
            byte[] payload = new byte[1000];
            int accepted = 0;
            boolean refused = false;
            for (int i = 0; i < 1_000_000 && !refused; i++) { // ~1 GB: far past any socket buffer, so it ends
                Frame f = Frame.newBuilder().setEnvelope(io.goakt.internal.remote.proto.Envelope.newBuilder()
                        .setCorrelationId(accepted).setPayload(com.google.protobuf.ByteString.copyFrom(payload)))
                        .build();
                if (writer.write(f, f.getSerializedSize() + 4)) {
                    accepted++;
                } else {
                    refused = true;
                }
            }
            assertThat(refused).as("writes are refused once the peer is far enough behind").isTrue();
            assertThat(writer.queuedBytes()).isLessThanOrEqualTo(limit);

            // The peer reads again: everything accepted arrives, in order, and writes are taken again.
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    peer.getInputStream()));
            for (int n = 0; n < accepted; n++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                assertThat(Frame.parseFrom(bytes).getEnvelope().getCorrelationId()).isEqualTo(n);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> writer.queuedBytes() == 0);
            Frame last = Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtNanos(42)).build();
            assertThat(writer.write(last, last.getSerializedSize() + 4)).isTrue();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            assertThat(Frame.parseFrom(bytes).getHeartbeat().getSentAtNanos()).isEqualTo(42);
            peer.close();
            client.close().sync();
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
