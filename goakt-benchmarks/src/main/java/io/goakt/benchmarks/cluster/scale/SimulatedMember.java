package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.util.ExtendedUUID;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * One member of the simulated cluster: a JGroups channel on {@link SimulationStack} and the {@link Member} it stands
 * for.
 *
 * <p>Its address is an {@link ExtendedUUID} with the key {@code goakt} holding the member's metadata in the layout
 * of the runtime's {@code MemberAddresses} (format byte, id, host, control port, remoting host and port, roles,
 * protocol version), so a view of simulated members has the byte size of a real one.
 *
 * <p>Threading: JGroups calls {@link #viewAccepted} one view at a time; {@link #view} and {@link #installedAt} are
 * written there (the view after its time, a volatile store each) and read by the thread that waits for the cluster
 * to converge (volatile loads: the view first, so the time read after it is at least as new). Every view is followed
 * by a {@code notifyAll} on the cluster's monitor.
 */
final class SimulatedMember implements Receiver {

    private final Member member;
    private final JChannel channel;
    private final Object monitor;
    /** Written by JGroups' view thread, read by the waiting thread; see the class comment. */
    private volatile View view;
    /** {@link System#nanoTime} when {@link #view} was installed; stored before it. */
    private volatile long installedAt;

    /**
     * @param index  distinguishes the member's id and ports
     * @param suffix the random part of the id (the runtime draws 24 bits per start)
     */
    SimulatedMember(int index, int suffix, SimulatedCluster cluster) throws Exception {
        int port = 20_000 + index;
        String id = "sim" + index + "@127.0.0.1:" + port + "#" + String.format("%06x", suffix & 0xffffff);
        this.member = new Member(id, "127.0.0.1", port, new Endpoint("127.0.0.1", port), Set.of(), 1);
        this.monitor = cluster.monitor();
        byte[] metadata = encode(member);
        this.channel = new JChannel(SimulationStack.build(cluster.config()));
        channel.name(id);
        channel.addAddressGenerator(() -> ExtendedUUID.randomUUID(id).put("goakt", metadata.clone()));
        channel.setDiscardOwnMessages(true);
        org.jgroups.protocols.TP transport = channel.getProtocolStack().getTransport();
        transport.setThreadPool(cluster.sharedPool());
        // JGroups raises its own pool's bound to the view size; the shared pool has its own bound.
        transport.getThreadPool().setIncreaseMaxSizeDynamically(false);
        channel.setReceiver(this);
    }

    /** The runtime's {@code MemberAddresses} layout, format 1. */
    private static byte[] encode(Member m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(1);
            out.writeUTF(m.id());
            out.writeUTF(m.host());
            out.writeShort(m.controlPort());
            out.writeUTF(m.remoting().host());
            out.writeShort(m.remoting().port());
            out.writeShort(m.roles().size());
            for (String role : m.roles()) {
                out.writeUTF(role);
            }
            out.writeInt(m.protocolVersion());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Joins the simulated cluster; returns once this member is in a view. */
    void connect(String clusterName) throws Exception {
        channel.connect(clusterName);
    }

    /** Leaves gracefully (the coordinator installs a view without this member), then frees the channel. */
    void leave() {
        channel.disconnect();
        channel.close();
    }

    @Override
    public void viewAccepted(View v) {
        installedAt = System.nanoTime();
        view = v;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    Member member() {
        return member;
    }

    Address address() {
        return channel.getAddress();
    }

    View view() {
        return view;
    }

    long installedAt() {
        return installedAt;
    }
}
