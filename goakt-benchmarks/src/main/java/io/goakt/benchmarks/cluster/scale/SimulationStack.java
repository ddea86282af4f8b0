package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

import java.util.List;

/**
 * One simulated member's JGroups stack: the runtime's control-plane stack ({@code ControlStack} in
 * {@code io.goakt.internal.cluster}) with the same protocols and settings above the transport, on JGroups'
 * in-process transport instead of TCP.
 * <pre>
 * SHARED_LOOPBACK       transport: a send is a method call on the receiving member's transport in this JVM
 * SHARED_LOOPBACK_PING  discovery: reads the members of the cluster from SHARED_LOOPBACK's table
 * MERGE3, FD_ALL3, VERIFY_SUSPECT2, NAKACK2, UNICAST3, STABLE, GMS, MFC, UFC, FRAG2   as in ControlStack
 * </pre>
 * Left out, each for a reason that keeps the figures about the algorithms:
 * <ul>
 *   <li>{@code FD_SOCK2} needs a TCP server socket per member at the transport's port plus an offset, and every
 *       SHARED_LOOPBACK member reports the same physical address; its cost is one TCP connection per member (to
 *       its ring neighbour) whatever the cluster size, so leaving it out changes no figure that grows with N.</li>
 *   <li>{@code DownedMembers}, {@code AUTH} with {@code CompatibilityToken} and {@code SuspectRelay} are goakt's
 *       own filters: a set lookup per message, a token check per join and a callback per suspicion. They are
 *       package-private in the runtime and cost the same at any size.</li>
 * </ul>
 * Each member's address carries goakt's member metadata in the same layout as the runtime's
 * ({@link SimulatedMember}), so views have the size they have in a real cluster.
 */
final class SimulationStack {

    private SimulationStack() {
    }

    /** The protocols of one member, bottom first, with the settings {@code ControlStack} derives from {@code config}. */
    static List<Protocol> build(ClusterConfig config) {
        FailureDetection fd = config.failureDetection();

        SHARED_LOOPBACK transport = new SHARED_LOOPBACK();

        MERGE3 merge = new MERGE3();
        long mergeMax = fd.mergeInterval().toMillis();
        // setMinInterval checks the old min against the old max, so the min goes first.
        merge.setMinInterval(Math.max(1, mergeMax / 2));
        merge.setMaxInterval(mergeMax);

        FD_ALL3 heartbeats = new FD_ALL3();
        heartbeats.setInterval(fd.heartbeatInterval().toMillis());
        heartbeats.setTimeout(fd.timeout().toMillis());

        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(fd.verifyTimeout().toMillis());

        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);

        GMS gms = new GMS();
        gms.setJoinTimeout(config.joinTimeout().toMillis());
        gms.printLocalAddress(false);
        gms.printPhysicalAddress(false);

        return List.of(transport, new SHARED_LOOPBACK_PING(), merge, heartbeats, verify, nakack, new UNICAST3(),
                new STABLE(), gms, new MFC(), new UFC(), new FRAG2());
    }
}
