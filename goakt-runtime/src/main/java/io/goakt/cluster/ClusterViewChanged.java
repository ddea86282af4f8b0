package io.goakt.cluster;

import java.util.List;

/**
 * This member installed a new view. Published on the system's event stream after the {@link MemberJoined} and
 * {@link MemberLeft} events of the same change.
 *
 * @param view   the new view
 * @param joined members in it that were not in the previous view (every member for the first view)
 * @param left   members of the previous view that are not in it
 * @param merged true when the view is the merge of partitions that had split
 */
public record ClusterViewChanged(ClusterView view, List<Member> joined, List<Member> left, boolean merged) {

    /** Copies the lists. */
    public ClusterViewChanged {
        joined = List.copyOf(joined);
        left = List.copyOf(left);
    }
}
