package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.ActorRegistry;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanDefinitionStoreException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ClassLoader loader = registry instanceof ConfigurableListableBeanFactory f ? f.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
        Map<String, ActorKind> byName = new LinkedHashMap<>();
        Map<Class<?>, String> beanByType = new LinkedHashMap<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition bd = registry.getBeanDefinition(beanName);
            Class<?> type = componentClass(bd, loader, ActorComponent.class);
            if (type == null) {
                continue;
            }
            ActorKind kind = describe(beanName, type);
            ActorKind clash = byName.putIfAbsent(kind.name(), kind);
            if (clash != null) {
                throw new BeanDefinitionStoreException("@ActorComponent name '" + kind.name() + "' is declared by both "
                        + clash.type().getName() + " and " + type.getName() + "; actor names must be unique");
            }
            String otherBean = beanByType.putIfAbsent(type, beanName);
            if (otherBean != null) {
                throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " is registered twice, as '"
                        + otherBean + "' and '" + beanName + "'");
            }
            bd.setScope(BeanDefinition.SCOPE_PROTOTYPE);
        }
        ActorKinds kinds = new ActorKinds(List.copyOf(byName.values()));
        RootBeanDefinition kindsDefinition = new RootBeanDefinition(ActorKinds.class, () -> kinds);
        kindsDefinition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(KINDS_BEAN, kindsDefinition);
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
        return def;
    }

    /**
     * The class of the bean {@code bd} defines when it carries {@code annotation} (directly or as a meta-annotation),
     * else null; also used for {@link io.goakt.spring.GrainComponent}s.
     */
    static Class<?> componentClass(BeanDefinition bd, ClassLoader loader, Class<? extends Annotation> annotation) {
        String className = bd.getBeanClassName();
        if (bd instanceof AnnotatedBeanDefinition abd) {
            MethodMetadata factoryMethod = abd.getFactoryMethodMetadata();
            if (factoryMethod != null) {
                className = factoryMethod.getReturnTypeName();
            } else if (!abd.getMetadata().hasAnnotation(annotation.getName())
                    && !abd.getMetadata().hasMetaAnnotation(annotation.getName())) {
                return null;
            }
        } else if (bd.getFactoryMethodName() != null) {
            return null;
        }
        if (className == null) {
            return null;
        }
        Class<?> type;
        try {
            type = ClassUtils.forName(className, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return AnnotatedElementUtils.hasAnnotation(type, annotation) ? type : null;
    }

    @SuppressWarnings("unchecked")
    private static ActorKind describe(String beanName, Class<?> type) {
        if (!Actor.class.isAssignableFrom(type)) {
            throw new BeanDefinitionStoreException("@ActorComponent " + type.getName() + " does not implement "
                    + Actor.class.getName());
        }
        AnnotationAttributes a = AnnotatedElementUtils.getMergedAnnotationAttributes(type, ActorComponent.class);
        String name = a.getString("name").isEmpty() ? beanName : a.getString("name");
        return new ActorKind(name, beanName, (Class<? extends Actor>) type, a.getEnum("startup"),
                a.getString("mailbox"), a.getString("dispatcher"), a.getString("supervisor"),
                a.getString("passivation"));
    }
}
