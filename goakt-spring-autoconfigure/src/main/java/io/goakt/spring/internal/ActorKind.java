package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.cluster.Placement;
import io.goakt.spring.ActorComponent;

/**
 * One {@link ActorComponent} found among the bean definitions.
 *
 * @param name       the named actor's name
 * @param beanName   the prototype bean that makes instances
 * @param type       the actor class
 * @param startup    when the named actor is spawned
 * @param mailbox    mailbox type, empty for the system default
 * @param dispatcher dispatcher name, empty for the default
 * @param supervisor  bean name of a supervisor strategy, empty for the system default
 * @param passivation passivation as {@link ActorComponent#passivation()} spells it, empty for never
 * @param clusterUnique whether the kind's actors have cluster-unique names
 * @param placement   where a cluster-unique actor runs; {@link Placement#local()} unless declared otherwise; for a
 *                    cluster singleton, {@link Placement#local()} with the singleton's role, if any
 * @param clusterSingleton whether the kind is a cluster singleton
 * @param relocatable whether a cluster-unique actor is spawned again on another member when its member goes
 */
public record ActorKind(String name, String beanName, Class<? extends Actor> type, ActorComponent.Startup startup,
                        String mailbox, String dispatcher, String supervisor, String passivation,
                        boolean clusterUnique, Placement placement, boolean clusterSingleton, boolean relocatable) {

    /** A kind that is neither a cluster singleton nor relocatable. */
    public ActorKind(String name, String beanName, Class<? extends Actor> type, ActorComponent.Startup startup,
                     String mailbox, String dispatcher, String supervisor, String passivation,
                     boolean clusterUnique, Placement placement) {
        this(name, beanName, type, startup, mailbox, dispatcher, supervisor, passivation, clusterUnique, placement,
                false, false);
    }

    /** A node-local kind, without cluster attributes. */
    public ActorKind(String name, String beanName, Class<? extends Actor> type, ActorComponent.Startup startup,
                     String mailbox, String dispatcher, String supervisor, String passivation) {
        this(name, beanName, type, startup, mailbox, dispatcher, supervisor, passivation, false, Placement.local());
    }

    /**
     * Whether the declaration uses a cluster attribute: cluster-unique, cluster singleton, relocatable, a placement
     * other than local, a role.
     */
    public boolean usesCluster() {
        return clusterUnique || clusterSingleton || relocatable || !placement.equals(Placement.local());
    }
}
