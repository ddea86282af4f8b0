package io.goakt.spring;

import org.springframework.beans.factory.annotation.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the {@link io.goakt.actor.ActorRef} of the actor an {@link ActorComponent} names:
 *
 * <pre>{@code
 * OrdersController(@ActorName("orders") ActorRef orders) { ... }
 * }</pre>
 *
 * <p>A {@link ActorComponent.Startup#LAZY} actor is spawned by its first injection. A name no
 * {@link ActorComponent} declares fails start-up. The injected ref survives restarts; if the actor is stopped and
 * later spawned again, that is a new incarnation the old ref does not reach: ask {@link ActorRegistry#ref} then.
 *
 * <p>The ref of a {@link ActorComponent#clusterUnique() cluster-unique} actor resolves the name on every send,
 * through {@link io.goakt.cluster.ClusterActors#actorOf}, and so reaches the actor on whichever member runs it,
 * also after the name moved to another member. It is injected before the member joins its cluster; until then a
 * message to it becomes a dead letter and an ask fails.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ActorName {

    /** The actor's name, as in {@link ActorComponent#name()}. */
    String value();
}
