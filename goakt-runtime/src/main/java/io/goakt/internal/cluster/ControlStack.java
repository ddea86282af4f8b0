package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.DiscoveryContext;
import org.jgroups.auth.AuthToken;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLSClientAuth;

import java.net.InetAddress;
import java.util.List;

/**
 * Builds a member's JGroups stack in code, bottom to top, so that no one edits XML:
 * <pre>
 * TCP              transport; binds host:port, advertises advertisedHost:advertisedPort (as JGroups'
 *                  external_addr and external_port, set together); TLS when configured
 * DownedMembers    drops every message from a downed member and tells it it was downed (see Downing)
 * discovery        from the config's Discovery provider (TCPPING for static)
 * MERGE3           finds partitions that split and merges their views
 * FD_SOCK2         notices a crashed process at once: the socket to it closes (listens on the first free of
 *                  advertisedPort+100..+103: it adds the offset to the transport's advertised port, as peers do);
 *                  built as SocketWitness, which also reports that close (see CrashTakeover)
 * FD_ALL3          notices a silent member: no heartbeat for the timeout
 * VERIFY_SUSPECT2  asks a suspect whether it is alive before it is removed
 * NAKACK2          reliable, ordered multicast
 * UNICAST3         reliable, ordered unicast
 * STABLE           garbage-collects messages every member has seen
 * AUTH             refuses joiners with an incompatible protocol version or partition count
 * GMS              membership: joins, leaves, views, merges
 * MFC, UFC         flow control, multicast and unicast
 * FRAG2            fragments large messages
 * SuspectRelay     turns verified suspicions into MemberUnreachable events
 * </pre>
 * The failure-detection settings map onto {@code FD_ALL3} (heartbeat interval, timeout), {@code VERIFY_SUSPECT2}
 * (verify timeout) and {@code MERGE3} (its announcements are spread over half the merge interval to the whole).
 */
final class ControlStack {

    /** FD_SOCK2 listens this far above the transport's port, on the first free one of {@link #FD_PORT_RANGE} + 1. */
    static final int FD_OFFSET = 100;
    static final int FD_PORT_RANGE = 3;

    private ControlStack() {
    }

    /**
     * The protocols of one member's stack, bottom first.
     *
     * @param bind       the interface to bind
     * @param advertised the address other members reach this one at
     */
    static List<Protocol> build(ClusterConfig config, InetAddress bind, InetAddress advertised, AuthToken token,
                                DownedMembers downed, SuspectRelay relay, SocketWitness sockets) {
        FailureDetection fd = config.failureDetection();

        TCP tcp = new TCP();
        tcp.setBindAddr(bind);
        tcp.setBindPort(config.port());
        tcp.setPortRange(0);
        // JGroups uses external_port only beside external_addr (its connection header otherwise carries the bound
        // port), so a port advertised on the bound host sets both: a member behind a port-forwarding proxy or NAT.
        boolean portAdvertised = config.advertisedPort() != config.port();
        if (!advertised.equals(bind) || portAdvertised) {
            tcp.setExternalAddr(advertised);
        }
        if (portAdvertised) {
            tcp.setExternalPort(config.advertisedPort());
        }
        if (config.tls() != null) {
            tcp.tls().enabled(true).setSSLContext(config.tls()).setClientAuth(TLSClientAuth.NEED);
        }

        org.jgroups.protocols.Discovery discovery = config.discovery()
                .createProtocol(new DiscoveryContext(config.clusterName(), bind, config.port()));
        if (discovery == null) {
            throw new IllegalStateException("discovery provider " + config.discovery().type()
                    + " returned no protocol");
        }

        MERGE3 merge = new MERGE3();
        long mergeMax = fd.mergeInterval().toMillis();
        // setMinInterval checks the old min against the old max, so the min goes first.
        merge.setMinInterval(Math.max(1, mergeMax / 2));
        merge.setMaxInterval(mergeMax);

        sockets.setBindAddress(bind);
        sockets.setOffset(FD_OFFSET);
        sockets.setPortRange(FD_PORT_RANGE);
        if (!advertised.equals(bind) || portAdvertised) {
            sockets.setExternalAddress(advertised);
        }

        FD_ALL3 heartbeats = new FD_ALL3();
        heartbeats.setInterval(fd.heartbeatInterval().toMillis());
        heartbeats.setTimeout(fd.timeout().toMillis());

        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(fd.verifyTimeout().toMillis());

        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);

        AUTH auth = new AUTH();
        auth.setAuthToken(token);

        GMS gms = new GMS();
        gms.setJoinTimeout(config.joinTimeout().toMillis());
        // A coordinator that installs a view waits this long for the members' acknowledgements before it handles
        // the next suspicion (2 s by default). A member cut off from all the others removes them one view at a
        // time, so its next suspicion must reach the quorum rule before the smaller view is stable (stableAfter):
        // otherwise that view becomes its baseline and it keeps quorum alone.
        gms.setViewAckCollectionTimeout(Math.max(10, Math.min(2_000, config.stableAfter().toMillis() / 2)));
        gms.printLocalAddress(false);
        gms.printPhysicalAddress(false);

        return List.of(tcp, downed, discovery, merge, sockets, heartbeats, verify, nakack, new UNICAST3(), new STABLE(),
                auth, gms, new MFC(), new UFC(), new FRAG2(), relay);
    }
}
