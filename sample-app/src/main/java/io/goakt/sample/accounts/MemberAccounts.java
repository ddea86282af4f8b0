package io.goakt.sample.accounts;

import io.goakt.actor.ActorRef;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.remote.Remoting;
import io.goakt.spring.ClusterLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds an account actor that lives on another member of the cluster: the member is named by its remoting endpoint
 * ({@code host:port}, as {@code /actuator/cluster} lists it), and the actor is looked up there by name over
 * remoting. Only accounts that member created are found; this does not spawn any.
 */
@Component
public class MemberAccounts {

    /**
     * The member a {@code node} names, or why there is none.
     *
     * @param member the member, or null
     * @param status the HTTP status of the miss: 400 without a cluster, 404 when no member listens there
     * @param reason why there is no member, or null
     */
    public record Target(Member member, int status, String reason) {
    }

    private final ObjectProvider<ClusterLifecycle> cluster;
    private final ObjectProvider<Remoting> remoting;

    /** The membership and remoting, when the cluster is enabled. */
    public MemberAccounts(ObjectProvider<ClusterLifecycle> cluster, ObjectProvider<Remoting> remoting) {
        this.cluster = cluster;
        this.remoting = remoting;
    }

    /** The member of the current view whose remoting listens at {@code node}. */
    public Target member(String node) {
        ClusterLifecycle lifecycle = cluster.getIfAvailable();
        Optional<ClusterView> view = lifecycle == null ? Optional.empty() : lifecycle.view();
        if (view.isEmpty()) {
            return new Target(null, 400, "node= needs the cluster: start with --spring.profiles.active=cluster,node1");
        }
        for (Member m : view.get().members()) {
            if (m.remoting().toString().equals(node)) {
                return new Target(m, 200, null);
            }
        }
        return new Target(null, 404, "no member of the cluster at " + node + "; members: "
                + view.get().members().stream().map(m -> m.remoting().toString()).toList());
    }

    /** True when {@code member} is this instance. */
    public boolean isSelf(Member member) {
        return cluster.getObject().cluster().map(Cluster::self).map(member::equals).orElse(false);
    }

    /** The account actor {@code name} on {@code member}, if it lives there. */
    public CompletableFuture<Optional<ActorRef>> lookup(Member member, String name) {
        return remoting.getObject().lookup(member.remoting(), name).toCompletableFuture();
    }
}
