package io.goakt.internal.cluster;

import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterView;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the runtime's cluster services (singletons, relocation, grains, the name registry) hear from the membership
 * beyond events: when a view became stable, and when this member is about to leave gracefully.
 *
 * <p>Threading: listeners run on the actor system's scheduler thread and must be quick (hand work to a thread of
 * their own); hand-over hooks run on the leaving thread.
 */
public interface ClusterHooks {

    /** The hooks of {@code cluster}, which must be the runtime's own. */
    static ClusterHooks of(Cluster cluster) {
        if (cluster instanceof ClusterHooks h) {
            return h;
        }
        throw new IllegalArgumentException("cluster " + cluster + " is not the runtime's (made by Cluster.start)");
    }

    /**
     * Calls {@code listener} each time a view has stayed unchanged for {@code stableAfter} while this member had
     * quorum and reached every member of it: the moment to take over what members that vanished ran. Once per view.
     * A listener registered while the current view is already confirmed stable hears that view at once.
     */
    void onStableView(Consumer<ClusterView> listener);

    /**
     * Runs {@code handover} when this member leaves gracefully, while it is still a member: {@link Cluster#leave}
     * disconnects once every hook's stage completed, or after {@code handoverTimeout}.
     */
    void beforeLeave(Supplier<? extends CompletionStage<?>> handover);

    /** The last stable view, or the first view before any was stable. */
    ClusterView stableView();

    /** True when {@code view} is the {@linkplain #stableView last stable view}. */
    default boolean isStable(ClusterView view) {
        return stableView().viewId() == view.viewId();
    }
}
