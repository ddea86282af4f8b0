package io.goakt.spring.actuate;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterView;
import io.goakt.spring.ClusterLifecycle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.Optional;

/**
 * Health {@code goaktCluster}: UP when this member is in the cluster and its view has at least
 * {@code goakt.cluster.min-peers} members and its side has quorum by {@code goakt.cluster.quorum}; OUT_OF_SERVICE
 * while it joins, while the view is smaller, while its side lacks quorum (detail {@code quorumLost} says why), and
 * once it leaves. It follows the same rule as the application's readiness, so it belongs in the readiness group, never in
 * the liveness group: a missing peer is no reason to restart this one. Details: state, cluster name, this member,
 * the oldest member, view id, members, min-peers, the quorum rule and whether it holds, and the members this
 * member's failure detector found unreachable.
 */
public class GoaktClusterHealthIndicator extends AbstractHealthIndicator {

    private final ClusterLifecycle lifecycle;

    /** Reports on the membership {@code lifecycle} drives. */
    public GoaktClusterHealthIndicator(ClusterLifecycle lifecycle) {
        super("goakt cluster health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ClusterConfig config = lifecycle.config();
        if (lifecycle.isReady()) {
            builder.up();
        } else {
            builder.outOfService();
        }
        builder.withDetail("state", lifecycle.state().name())
                .withDetail("cluster", config.clusterName())
                .withDetail("minPeers", config.minPeers())
                .withDetail("quorum", config.quorum().propertyValue())
                .withDetail("hasQuorum", lifecycle.hasQuorum());
        lifecycle.quorumLostReason().ifPresent(reason -> builder.withDetail("quorumLost", reason));
        Optional<ClusterView> view = lifecycle.view();
        view.ifPresent(v -> builder.withDetail("self", v.self().id())
                .withDetail("oldest", v.oldest().id())
                .withDetail("viewId", v.viewId())
                .withDetail("members", v.size())
                .withDetail("unreachable", lifecycle.unreachable()));
    }
}
