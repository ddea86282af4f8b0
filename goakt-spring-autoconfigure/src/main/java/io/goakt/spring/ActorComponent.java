package io.goakt.spring;

import io.goakt.cluster.Placement;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an actor kind: a class that implements {@link io.goakt.actor.Actor} and whose instances are Spring beans.
 *
 * <p>The bean is prototype-scoped, so constructor injection of services works and every (re)start of the actor gets
 * a fresh instance from the application context. The kind is discovered from its bean definition while the context
 * refreshes; one actor named {@link #name()} is spawned at start-up ({@link Startup#EAGER}) or on first use
 * ({@link Startup#LAZY}), and {@link ActorRegistry#spawn} makes more instances under other names.
 *
 * <pre>{@code
 * @ActorComponent(name = "audit", startup = Startup.EAGER)
 * class AuditActor implements Actor {
 *     AuditActor(AuditStore store) { ... }
 *     public void receive(ReceiveContext ctx) { ... }
 * }
 * }</pre>
 *
 * <h2>In a cluster</h2>
 * With {@code goakt.cluster.enabled=true}, {@link #clusterUnique()} registers the kind's actors under cluster-unique
 * names ({@link io.goakt.cluster.ClusterActors}): one actor per name in the whole cluster, reached by name from every
 * member through {@link ActorName} refs and {@link ActorRegistry}. {@link #placement()} and {@link #role()} choose the
 * member that runs each one. Every {@code @ActorComponent} is a remoting kind under its {@link #name()} on every
 * member, with its bean factory and spawn options, so a placement may start it on any member that runs the same
 * application. Cluster attributes on a component while the cluster is disabled fail start-up.
 *
 * <pre>{@code
 * @ActorComponent(name = "ledger", clusterUnique = true, placement = Placement.Strategy.LEAST_LOADED)
 * class LedgerActor implements Actor { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface ActorComponent {

    /**
     * The name of the kind's named actor, a top-level actor name ({@code /user/<name>}); also what
     * {@link ActorName} refers to. Empty means the bean name.
     */
    String name() default "";

    /** When the named actor is spawned. */
    Startup startup() default Startup.EAGER;

    /**
     * The mailbox type of this kind's actors, one of the values {@code goakt.mailbox.type} accepts; empty means the
     * system default ({@code goakt.mailbox.type}).
     */
    String mailbox() default "";

    /** The dispatcher by name ({@code default}, {@code virtual} or one a customizer registered); empty is the default. */
    String dispatcher() default "";

    /**
     * The bean name of a {@link io.goakt.supervision.SupervisorStrategy} for this kind's actors; empty means the
     * system default.
     */
    String supervisor() default "";

    /**
     * When this kind's actors passivate (stop themselves to free memory): empty or {@code long-lived} for never, a
     * duration ({@code 30s}, {@code 10m}, {@code PT1H}) to passivate after that long without a message, or
     * {@code <n> messages} to passivate after handling n messages. A passivated named actor is spawned again on its
     * next use through {@link ActorRegistry#ref}.
     */
    String passivation() default "";

    /**
     * Whether this kind's actors have cluster-unique names ({@link io.goakt.cluster.ClusterActors}): each name is
     * registered cluster-wide before its actor starts, so at most one actor holds it in the whole cluster, and a
     * ref by name reaches it on whichever member runs it. With {@link Startup#EAGER} every member tries to spawn the
     * named actor once it joined, exactly one wins and the others find the name taken, which is not an error for
     * them; a member whose attempt could not be decided (no quorum, no eligible member yet) tries again at each view
     * change while the name is free, which also brings the actor back after its member left. Needs
     * {@code goakt.cluster.enabled=true}.
     */
    boolean clusterUnique() default false;

    /**
     * Whether this kind is a cluster singleton ({@link io.goakt.cluster.ClusterSingletons}): one actor named
     * {@link #name()} in the whole cluster, on the oldest member (among those with {@link #role()}, if given),
     * moved to the next oldest when that member leaves or crashes. Every member declares it once it joined;
     * {@link ActorName} injection and {@link ActorRegistry#ref} give its proxy, which follows it wherever it runs
     * and holds messages while it moves. {@link #startup()} does not apply; excludes {@link #clusterUnique()} and
     * a {@link #placement()}. Needs {@code goakt.cluster.enabled=true}.
     *
     * <pre>{@code
     * @ActorComponent(name = "scheduler", clusterSingleton = true, role = "backend")
     * class SchedulerActor implements Actor { ... }
     * }</pre>
     */
    boolean clusterSingleton() default false;

    /**
     * Which member runs a cluster-unique actor of this kind ({@link Placement}): {@code LOCAL} (the default) the
     * member that spawns it; {@code ROUND_ROBIN}, {@code RANDOM} or {@code LEAST_LOADED} one of the members that
     * registered this kind (every member running this application). Anything but {@code LOCAL} needs
     * {@link #clusterUnique()}.
     */
    Placement.Strategy placement() default Placement.Strategy.LOCAL;

    /**
     * Restricts {@link #placement()}, or the members that may run a {@link #clusterSingleton()}, to the members
     * started with this role ({@code goakt.cluster.roles}); empty for any member. 1 to 64 of
     * {@code A-Z a-z 0-9 . _ -}; needs {@link #clusterUnique()} or {@link #clusterSingleton()}.
     */
    String role() default "";

    /**
     * Whether this kind's cluster-unique actors are relocatable ({@link io.goakt.cluster.Relocation#RELOCATABLE}):
     * when the member that runs one crashes, leaves, shuts down or loses quorum, another member running this
     * application spawns it again under the same name, exactly once, placed by {@link #placement()} ({@code LOCAL}
     * becomes the least-loaded member). The old instance stops before the new one starts; state is not carried, so
     * the actor reloads it in {@code preStart} from a store bean. Needs {@link #clusterUnique()}.
     */
    boolean relocatable() default false;

    /** When a kind's named actor is spawned. */
    enum Startup {
        /** Spawned while the application context starts, before the web server takes traffic. */
        EAGER,
        /** Spawned on first use: an injection of its {@link ActorName} ref or an {@link ActorRegistry#ref} call. */
        LAZY
    }
}
