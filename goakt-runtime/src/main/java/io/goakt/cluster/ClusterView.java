package io.goakt.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster's membership as one member sees it at one moment: an immutable snapshot of a JGroups view.
 *
 * <h2>What a view is</h2>
 * JGroups' group membership protocol (GMS) installs views: the coordinator, the oldest member, decides every change
 * (a join, a leave, the removal of a member the failure detector suspected, the merge of two partitions) and sends
 * the new view to every member; each member installs the views in the same order. So two members that installed
 * the view with the same {@link #viewId()} agree on exactly the same {@link #members()} in the same order, and a
 * later view has a larger id. Between two members the views they hold at one instant may differ by the changes
 * still on their way; a rule that all members must agree on (who is oldest, who owns a key) is therefore computed
 * from a view and tagged with its id.
 *
 * <h2>Order</h2>
 * {@link #members()} is in joining order, oldest first: the first member is the coordinator, and after it leaves
 * the next one takes over. After two partitions merge, the coordinators of the partitions come first.
 *
 * <h2>What a member carries</h2>
 * Each {@link Member}'s remoting endpoint, roles and protocol version ride in its JGroups address, fixed when it
 * started, so a view is enough to reach every member over remoting.
 *
 * @param viewId  the view's number; later views have larger numbers
 * @param self    this member
 * @param members every member, oldest first
 */
public record ClusterView(long viewId, Member self, List<Member> members) {

    /** Checks the parts and copies the members. */
    public ClusterView {
        Objects.requireNonNull(self, "self");
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a view has at least one member");
        }
    }

    /** The oldest member: the coordinator of the view. */
    public Member oldest() {
        return members.get(0);
    }

    /** The member with {@code id}, if it is in this view. */
    public Optional<Member> member(String id) {
        for (Member m : members) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** True when {@code member} is in this view. */
    public boolean contains(Member member) {
        return members.contains(member);
    }

    /** The number of members. */
    public int size() {
        return members.size();
    }

    /** True when this member is the oldest. */
    public boolean isSelfOldest() {
        return oldest().equals(self);
    }
}
