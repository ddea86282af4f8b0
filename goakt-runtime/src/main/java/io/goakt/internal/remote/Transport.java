package io.goakt.internal.remote;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: native epoll when its classes and library are present (Linux), else NIO. The epoll
 * dependency is optional, so its classes are touched only after a class-presence check.
 *
 * <p>Threading: immutable; any thread.
 */
public final class Transport {

    private final boolean epoll;

    private Transport(boolean epoll) {
        this.epoll = epoll;
    }

    /** Epoll when available, unless {@code preferNio}. */
    public static Transport select(boolean preferNio) {
        return new Transport(!preferNio && EpollProbe.available());
    }

    /** True when this transport uses native epoll. */
    public boolean isEpoll() {
        return epoll;
    }

    /** A new event loop group of {@code threads} daemon threads named after {@code name}. */
    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory f = epoll ? EpollProbe.factory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), f);
    }

    /** The server socket channel class. */
    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollProbe.serverChannel() : NioServerSocketChannel.class;
    }

    /** The client socket channel class. */
    public Class<? extends Channel> clientChannel() {
        return epoll ? EpollProbe.clientChannel() : NioSocketChannel.class;
    }

    /** Loaded only when the epoll classes are on the class path. */
    private static final class EpollProbe {
        static boolean available() {
            try {
                Class.forName("io.netty.channel.epoll.Epoll", false, Transport.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
            return io.netty.channel.epoll.Epoll.isAvailable();
        }

        static IoHandlerFactory factory() {
            return io.netty.channel.epoll.EpollIoHandler.newFactory();
        }

        static Class<? extends ServerChannel> serverChannel() {
            return io.netty.channel.epoll.EpollServerSocketChannel.class;
        }

        static Class<? extends Channel> clientChannel() {
            return io.netty.channel.epoll.EpollSocketChannel.class;
        }
    }
}
