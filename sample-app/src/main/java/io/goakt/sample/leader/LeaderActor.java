package io.goakt.sample.leader;

import io.goakt.actor.Actor;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.Cluster;
import io.goakt.spring.ActorComponent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * The cluster's leader: a cluster singleton ({@code clusterSingleton}), one actor named {@code leader} in the whole
 * cluster, on the oldest member. When that member leaves or crashes, the next oldest runs it; every member reaches it
 * through the same {@code @ActorName("leader")} proxy, which holds messages while it moves. It answers which member
 * leads, the thing a scheduler or a reporting job run once per cluster would need to know.
 */
@ActorComponent(name = "leader", clusterSingleton = true)
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class LeaderActor implements Actor {

    private String member;
    private long since;

    @Override
    public void preStart(Context ctx) {
        member = Cluster.of(ctx.system()).map(c -> c.self().id()).orElse(ctx.system().name());
        since = System.currentTimeMillis();
    }

    @Override
    public void receive(ReceiveContext ctx) {
        if (ctx.message() instanceof LeaderMessages.WhoLeads) {
            ctx.respond(new LeaderMessages.Leader(member, since));
        }
    }
}
