package io.goakt.sample.sequence;

import io.goakt.actor.Actor;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.Cluster;
import io.goakt.spring.ActorComponent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * A cluster-wide ticket counter: one actor named {@code sequence} in the whole cluster ({@code clusterUnique}),
 * spawned at start-up by the first instance, that survives its instance ({@code relocatable}). When the instance
 * running it crashes, leaves or shuts down, another instance spawns it again under the same name; the new actor
 * reloads the last issued number from the {@link SequenceStore} in {@link #preStart}, so numbering goes on where
 * it stopped. The runtime moves the actor, not its state: whatever the actor must remember lives in the store.
 */
@ActorComponent(name = "sequence", clusterUnique = true, relocatable = true)
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class SequenceActor implements Actor {

    private final SequenceStore store;
    private long last;
    private String member;

    /** Spring injects the shared store. */
    public SequenceActor(SequenceStore store) {
        this.store = store;
    }

    @Override
    public void preStart(Context ctx) {
        last = store.load(ctx.self().name());
        member = Cluster.of(ctx.system()).map(c -> c.self().remoting().toString()).orElse(ctx.system().name());
    }

    @Override
    public void receive(ReceiveContext ctx) {
        if (ctx.message() instanceof SequenceMessages.Next) {
            last++;
            store.save(ctx.self().name(), last);
            ctx.respond(new SequenceMessages.Issued(last, member));
        }
    }
}
