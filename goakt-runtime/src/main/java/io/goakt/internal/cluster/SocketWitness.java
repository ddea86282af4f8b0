package io.goakt.internal.cluster;

import org.jgroups.Address;
import org.jgroups.blocks.cs.Connection;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.stack.IpAddress;

import java.util.function.Consumer;

/**
 * JGroups' {@code FD_SOCK2}, which also reports when the connection to the member it watches closed while this member
 * stays: the evidence {@link CrashTakeover} needs that the watched member's process died.
 *
 * <h2>Why a closed connection, and why here</h2>
 * {@code FD_SOCK2} keeps one idle TCP connection to its neighbour in the view's ring. When the neighbour's process
 * dies, its kernel closes its sockets and this connection closes at once; a network cut (a pulled cable, dropped
 * packets) closes nothing, and a paused process keeps its sockets open. {@code FD_SOCK2} turns both a closed
 * connection and a failed connect into the same {@code SUSPECT}: a connect to a new neighbour that is cut off times
 * out after a second and raises a suspicion faster than {@code FD_ALL3}'s heartbeat timeout. So a protocol above it
 * cannot tell the two apart from the event; the difference is seen only here, in the connection listener, on the
 * member whose neighbour died.
 *
 * <p>Only the close of the live connection to the current neighbour counts: the connections this protocol closes
 * itself (to an earlier neighbour, after a failed connect, when alone in the view) and every close after this member
 * started to leave or stop are left out.
 *
 * <p>Threading: {@link #connectTo} runs on {@code FD_SOCK2}'s request thread, {@link #connectionClosed} on its NIO
 * thread; {@link #watched} is a volatile reference to an immutable pair (store on the request thread, load on the
 * NIO thread). The listener runs on the NIO thread and must be quick.
 */
final class SocketWitness extends FD_SOCK2 {

    /** The member this one watches and the address of the connection to it. */
    private record Watched(Address member, IpAddress socket) {
    }

    private final Consumer<Address> closed;
    /** Null when no connection is up; volatile store after a connect, volatile load in the close listener. */
    private volatile Watched watched;
    /** Set once in {@link #stop}, before the server closes; volatile load in the close listener. */
    private volatile boolean stopped;

    /** @param closed hears the address of a watched member whose connection closed */
    SocketWitness(Consumer<Address> closed) {
        this.closed = closed;
        // JGroups numbers protocols by class; the headers this one reads and writes are FD_SOCK2's
        setId(ClassConfigurator.getProtocolId(FD_SOCK2.class));
    }

    @Override
    protected boolean connectTo(IpAddress dest, Address member) {
        boolean connected = super.connectTo(dest, member);
        if (connected) {
            watched = new Watched(member, dest);
        }
        return connected;
    }

    @Override
    protected void closeConnectionToPingDest() {
        watched = null;
        super.closeConnectionToPingDest();
    }

    @Override
    public void connectionClosed(Connection conn) {
        Watched w = watched;
        if (w != null && conn != null && w.socket().equals(conn.peerAddress()) && !stopped && !shutting_down) {
            watched = null;
            closed.accept(w.member());
        }
        super.connectionClosed(conn);
    }

    @Override
    public void stop() {
        stopped = true;
        watched = null;
        super.stop();
    }
}
