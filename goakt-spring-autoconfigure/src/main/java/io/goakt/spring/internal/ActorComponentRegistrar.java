package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.cluster.Placement;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.ActorRegistry;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanDefinitionStoreException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;

/**
 * Finds {@link ActorComponent}s among the bean definitions while the context refreshes, before any bean exists,
 * and registers for each:
 * <ul>
 *   <li>its definition forced to prototype scope, so every actor (re)start gets a fresh bean;</li>
 *   <li>a lazy {@link ActorRef} bean qualified by {@link ActorName}, that only an injection point naming it
 *       receives; creating it spawns the actor if it is not running yet (how a LAZY actor's first use happens);</li>
 *   <li>one {@link ActorKinds} bean listing what was found.</li>
 * </ul>
 * Bad declarations (a class that is not an {@link Actor}, a duplicate name) fail the refresh here.
 */
public final class ActorComponentRegistrar implements BeanDefinitionRegistryPostProcessor {

    /** Bean name of the {@link ActorKinds} this registers. */
    public static final String KINDS_BEAN = "goaktActorKinds";
    /** Prefix of the names of the {@link ActorRef} beans this registers, followed by the actor name. */
    static final String REF_BEAN_PREFIX = "goaktActorRef:";

    private static final ComponentScan SCAN =
            new ComponentScan(ActorComponent.class, "name", "actor names must be unique");

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ActorKinds kinds = new ActorKinds(SCAN.find(registry, ActorComponentRegistrar::describe, ActorKind::name));
        ComponentScan.registerInfrastructure(registry, KINDS_BEAN, ActorKinds.class, kinds);
        for (ActorKind kind : kinds.all()) {
            registry.registerBeanDefinition(REF_BEAN_PREFIX + kind.name(), refDefinition(kind.name(), registry));
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        // all work happens on the registry
    }

    private static RootBeanDefinition refDefinition(String name, BeanDefinitionRegistry registry) {
        BeanFactory beanFactory = (BeanFactory) registry;
        RootBeanDefinition def = new RootBeanDefinition(ActorRef.class,
                () -> beanFactory.getBean(ActorRegistry.class).ref(name));
        def.addQualifier(new AutowireCandidateQualifier(ActorName.class, name));
        // Only an @ActorName("<name>") injection point receives it; a plain ActorRef dependency never does.
        def.setDefaultCandidate(false);
        def.setLazyInit(true);
        def.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        return ComponentScan.skippedByAot(def);
    }

    @SuppressWarnings("unchecked")
    private static ActorKind describe(String beanName, Class<?> type) {
        if (!Actor.class.isAssignableFrom(type)) {
            throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " does not implement "
                    + Actor.class.getName());
        }
        AnnotationAttributes a = AnnotatedElementUtils.getMergedAnnotationAttributes(type, ActorComponent.class);
        String name = a.getString("name").isEmpty() ? beanName : a.getString("name");
        boolean clusterUnique = a.getBoolean("clusterUnique");
        boolean clusterSingleton = a.getBoolean("clusterSingleton");
        Placement.Strategy strategy = a.getEnum("placement");
        String role = a.getString("role").trim();
        if (clusterSingleton && (clusterUnique || strategy != Placement.Strategy.LOCAL)) {
            throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " has clusterSingleton = "
                    + "true and " + (clusterUnique ? "clusterUnique = true" : "placement " + strategy) + "; a cluster"
                    + " singleton runs on the oldest member (with its role), so it takes neither");
        }
        if (!clusterUnique && !clusterSingleton && (strategy != Placement.Strategy.LOCAL || !role.isEmpty())) {
            throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " has placement "
                    + strategy + (role.isEmpty() ? "" : " and role '" + role + "'")
                    + " but not clusterUnique = true; a placement chooses the member of a cluster-unique actor");
        }
        boolean relocatable = a.getBoolean("relocatable");
        if (relocatable && !clusterUnique) {
            throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " has relocatable = true"
                    + " but not clusterUnique = true; only a cluster-unique actor is spawned again elsewhere");
        }
        Placement placement = placement(strategy);
        if (!role.isEmpty()) {
            try {
                placement = placement.inRole(role);
            } catch (IllegalArgumentException e) {
                throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " has role '" + role
                        + "'; a role is 1 to 64 of A-Z a-z 0-9 . _ -");
            }
        }
        return new ActorKind(name, beanName, (Class<? extends Actor>) type, a.getEnum("startup"),
                a.getString("mailbox"), a.getString("dispatcher"), a.getString("supervisor"),
                a.getString("passivation"), clusterUnique, placement, clusterSingleton, relocatable);
    }

    private static Placement placement(Placement.Strategy strategy) {
        return switch (strategy) {
            case LOCAL -> Placement.local();
            case ROUND_ROBIN -> Placement.roundRobin();
            case RANDOM -> Placement.random();
            case LEAST_LOADED -> Placement.leastLoaded();
        };
    }
}
