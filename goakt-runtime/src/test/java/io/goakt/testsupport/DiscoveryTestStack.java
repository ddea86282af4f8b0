package io.goakt.testsupport;

import io.goakt.discovery.Discovery;
import io.goakt.discovery.DiscoveryContext;
import org.jgroups.JChannel;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The smallest JGroups stack a discovery provider is tested in: TCP on 127.0.0.1, the provider's protocol, MERGE3,
 * NAKACK2, UNICAST3, STABLE and GMS. No failure detection: a discovery test only asks whether members find each
 * other and form one view. A channel built from protocols starts with JGroups' diagnostics off.
 */
public final class DiscoveryTestStack {

    /** How long a joining member waits for the coordinator's answer. */
    private static final long JOIN_TIMEOUT_MILLIS = 3_000;

    private DiscoveryTestStack() {
    }

    /**
     * A channel whose stack uses {@code discovery}, bound to 127.0.0.1 at {@code controlPort} (the discovery protocol
     * may widen the transport's port range), connected to {@code cluster}. The caller closes it.
     */
    public static JChannel connect(Discovery discovery, String cluster, int controlPort) throws Exception {
        InetAddress loopback = loopback();
        TCP tcp = new TCP();
        tcp.setBindAddress(loopback);
        tcp.setBindPort(controlPort);
        tcp.setPortRange(0);
        JChannel channel = new JChannel(
                tcp,
                discovery.createProtocol(new DiscoveryContext(cluster, loopback, controlPort)),
                new MERGE3().setMinInterval(1_000).setMaxInterval(3_000),
                new NAKACK2(),
                new UNICAST3(),
                new STABLE(),
                new GMS().setJoinTimeout(JOIN_TIMEOUT_MILLIS).printLocalAddress(false));
        try {
            channel.connect(cluster);
        } catch (Exception | Error e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByName("127.0.0.1");
    }
}
