package io.goakt.spring.internal;

import io.goakt.grain.Grain;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.GrainComponent;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanDefinitionStoreException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.util.ClassUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds {@link GrainComponent}s among the bean definitions while the context refreshes, before any bean exists,
 * forces each definition to prototype scope (as {@link ActorComponentRegistrar} does for actors: one shared instance
 * would carry state from one activation to the next) and registers one {@link GrainKinds} bean listing them. The
 * kinds reach the grain registry when {@link DefaultGrainClient} is created.
 *
 * <p>Bad declarations (a class that is not a {@link Grain}, one that is also an {@link ActorComponent}, a kind that
 * is blank or has a {@code /}, a duplicate kind) fail the refresh here.
 */
public final class GrainComponentRegistrar implements BeanDefinitionRegistryPostProcessor {

    /** Bean name of the {@link GrainKinds} this registers. */
    public static final String KINDS_BEAN = "goaktGrainKinds";

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ClassLoader loader = registry instanceof ConfigurableListableBeanFactory f ? f.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
        Map<String, GrainKind> byKind = new LinkedHashMap<>();
        Map<Class<?>, String> beanByType = new LinkedHashMap<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition bd = registry.getBeanDefinition(beanName);
            Class<?> type = ActorComponentRegistrar.componentClass(bd, loader, GrainComponent.class);
            if (type == null) {
                continue;
            }
            GrainKind kind = describe(beanName, type);
            GrainKind clash = byKind.putIfAbsent(kind.kind(), kind);
            if (clash != null) {
                throw new BeanDefinitionStoreException("@GrainComponent kind '" + kind.kind() + "' is declared by both "
                        + clash.type().getName() + " and " + type.getName() + "; grain kinds must be unique");
            }
            String otherBean = beanByType.putIfAbsent(type, beanName);
            if (otherBean != null) {
                throw new BeanDefinitionStoreException("@GrainComponent " + type.getName()
                        + " is registered twice, as '" + otherBean + "' and '" + beanName + "'");
            }
            bd.setScope(BeanDefinition.SCOPE_PROTOTYPE);
        }
        GrainKinds kinds = new GrainKinds(List.copyOf(byKind.values()));
        RootBeanDefinition kindsDefinition = new RootBeanDefinition(GrainKinds.class, () -> kinds);
        kindsDefinition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(KINDS_BEAN, kindsDefinition);
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        // all work happens on the registry
    }

    @SuppressWarnings("unchecked")
    private static GrainKind describe(String beanName, Class<?> type) {
        if (!Grain.class.isAssignableFrom(type)) {
            throw new BeanDefinitionStoreException("@GrainComponent " + type.getName() + " does not implement "
                    + Grain.class.getName());
        }
        if (AnnotatedElementUtils.hasAnnotation(type, ActorComponent.class)) {
            throw new BeanDefinitionStoreException(type.getName() + " is both an @ActorComponent and a "
                    + "@GrainComponent; declare it as one of them");
        }
        AnnotationAttributes a = AnnotatedElementUtils.getMergedAnnotationAttributes(type, GrainComponent.class);
        String kind = a.getString("kind").isEmpty() ? beanName : a.getString("kind");
        if (kind.isBlank() || kind.indexOf('/') >= 0) {
            throw new BeanDefinitionStoreException("@GrainComponent on " + type.getName() + " has kind '" + kind
                    + "'; allowed: not blank, with no '/' (an empty kind takes the bean name)");
        }
        return new GrainKind(kind, beanName, (Class<? extends Grain>) type, a.getString("idleTimeout"),
                a.getNumber("maxMessages").longValue(), a.getString("mailbox"), a.getString("dispatcher"),
                a.getEnum("onFailure"));
    }
}
