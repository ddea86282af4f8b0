package io.goakt.sample.accounts;

import io.goakt.actor.ActorRef;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * The account kind of a cluster member: the same actor as {@link AccountActor}, but each {@code account-<id>} name is
 * cluster-unique. The instance that gets an account's first request spawns it (placement {@code LOCAL}) and
 * registers the name cluster-wide; every other instance reaches that actor by name, and a second instance asking
 * for the same account gets the first one's actor, never a copy. When the instance running an account leaves, the
 * name is free again and the next request spawns a new account (the balance lived in the departed instance's memory).
 */
@ActorComponent(name = "account", startup = ActorComponent.Startup.LAZY, clusterUnique = true)
@ConditionalOnBooleanProperty("goakt.cluster.enabled")
public class ClusterAccountActor extends AccountActor {

    /** Spring injects this instance's audit actor's ref. */
    public ClusterAccountActor(@ActorName("audit") ActorRef audit) {
        super(audit);
    }
}
