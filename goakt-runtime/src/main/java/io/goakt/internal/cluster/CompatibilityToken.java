package io.goakt.internal.cluster;

import io.goakt.cluster.Member;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The check a member must pass to join or merge: JGroups' {@code AUTH} protocol, directly below {@code GMS}, puts
 * this token on every join and merge request and asks the receiving coordinator's own token to
 * {@link #authenticate} it before GMS sees the request. A refused joiner gets a rejection as its join response and
 * its {@code connect} fails, so it never enters a view.
 *
 * <p>A request passes when the requester is a goakt member (its address carries {@link MemberAddresses} metadata),
 * its cluster protocol version is {@link ClusterProtocol#compatible compatible} with the version of every member
 * of the coordinator's current view, and its partition count equals the coordinator's. A refusal is logged at
 * WARN by the coordinator, naming the member and the reason.
 *
 * <p>JGroups creates the requester's copy by its public no-argument constructor and {@link #readFrom}; only the
 * coordinator's own instance, made by {@link ClusterNode}, has the view to check against.
 *
 * <p>Threading: the coordinator's instance is called on JGroups' message threads; its fields are final and
 * {@code currentMembers} reads a volatile.
 */
public final class CompatibilityToken extends AuthToken {

    private static final Logger LOG = LoggerFactory.getLogger(io.goakt.cluster.Cluster.class);

    private int protocolVersion;
    private int partitionCount;
    /** The coordinator's current members; {@code null} in a requester's copy. */
    private final Supplier<List<Member>> currentMembers;
    private final String clusterName;

    /** For JGroups, which reads a requester's token with {@link #readFrom}. */
    public CompatibilityToken() {
        this.currentMembers = null;
        this.clusterName = null;
    }

    CompatibilityToken(String clusterName, int protocolVersion, int partitionCount,
                       Supplier<List<Member>> currentMembers) {
        this.clusterName = clusterName;
        this.protocolVersion = protocolVersion;
        this.partitionCount = partitionCount;
        this.currentMembers = currentMembers;
    }

    @Override
    public String getName() {
        return CompatibilityToken.class.getName();
    }

    @Override
    public int size() {
        return 2 * Integer.BYTES;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        Member requester = MemberAddresses.decode(msg.getSrc());
        String refusal = refusal(token, requester);
        if (refusal != null) {
            LOG.warn("cluster {}: refused {}: {}", clusterName, requester != null ? requester.id() : msg.getSrc(),
                    refusal);
            return false;
        }
        return true;
    }

    private String refusal(AuthToken token, Member requester) {
        if (!(token instanceof CompatibilityToken other) || requester == null) {
            return "it is not a goakt member (no goakt metadata in its join request)";
        }
        if (other.partitionCount != partitionCount) {
            return "its partition count " + other.partitionCount + " differs from the cluster's " + partitionCount;
        }
        List<Member> members = currentMembers != null ? currentMembers.get() : List.of();
        for (Member m : members) {
            if (!ClusterProtocol.compatible(m.protocolVersion(), other.protocolVersion)) {
                return "its cluster protocol version " + other.protocolVersion + " is not compatible with version "
                        + m.protocolVersion() + " of member " + m.id() + " (versions may differ by at most one)";
            }
        }
        if (!ClusterProtocol.compatible(protocolVersion, other.protocolVersion)) {
            return "its cluster protocol version " + other.protocolVersion + " is not compatible with this member's "
                    + protocolVersion + " (versions may differ by at most one)";
        }
        return null;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(protocolVersion);
        out.writeInt(partitionCount);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        protocolVersion = in.readInt();
        partitionCount = in.readInt();
    }

    @Override
    public String toString() {
        return "CompatibilityToken[version " + protocolVersion + ", partitions " + partitionCount + "]";
    }
}
