package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterView;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A stable-view listener ({@link ClusterHooks#onStableView}) that hears each view at most once: the stable check and
 * a late registration (which hands the listener the view already confirmed) may both offer the same view.
 *
 * <p>Threading: {@link #deliver} may be called by any thread; the CAS on {@link #delivered} lets one caller per view
 * through.
 */
final class StableListener {

    private final Consumer<ClusterView> listener;
    private final String clusterName;
    /** The id of the last view delivered; CAS from the threads that offer views. */
    private final AtomicLong delivered = new AtomicLong(-1);

    StableListener(Consumer<ClusterView> listener, String clusterName) {
        this.listener = listener;
        this.clusterName = clusterName;
    }

    /** Hands {@code v} to the listener unless it heard this view or a later one. */
    void deliver(ClusterView v) {
        long last;
        do {
            last = delivered.get();
            if (last >= v.viewId()) {
                return;
            }
        } while (!delivered.compareAndSet(last, v.viewId()));
        try {
            listener.accept(v);
        } catch (RuntimeException e) {
            ClusterNode.LOG.warn("cluster {}: a stable-view listener failed", clusterName, e);
        }
    }
}
