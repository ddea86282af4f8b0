package io.goakt.testsupport;

import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

/** Faults injected into a cluster member's JGroups control plane, in the member's own JVM. */
public final class ControlPlaneFaults {

    private ControlPlaneFaults() {
    }

    /**
     * Cuts the member off the network, both ways, as a pulled cable would: every control-plane message in or out is
     * dropped. {@link #reconnect} undoes it.
     */
    public static void cutOff(JChannel channel) throws Exception {
        DISCARD discard = new DISCARD().discardAll(true);
        discard.setAddress(channel.getAddress());
        channel.stack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
    }

    /** Undoes {@link #cutOff}. */
    public static void reconnect(JChannel channel) {
        channel.stack().<DISCARD>findProtocol(DISCARD.class).discardAll(false);
    }

    /**
     * Stops the member's control plane as a killed process would: nothing more goes out (no leave), its
     * failure-detection socket and its connections close. The others find it dead.
     */
    public static void crash(JChannel channel) throws Exception {
        cutOff(channel);
        channel.stack().<FD_SOCK2>findProtocol(FD_SOCK2.class).stop();
        channel.stack().<TCP>findProtocol(TCP.class).clearConnections(false);
    }
}
