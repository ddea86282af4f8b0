package io.goakt.spring.internal;

import io.goakt.grain.Grain;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.GrainComponent;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanDefinitionStoreException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;


/**
 * Finds {@link GrainComponent}s among the bean definitions while the context refreshes, before any bean exists,
 * through the {@link ComponentScan} that {@link ActorComponentRegistrar} also uses (each definition becomes a
 * prototype), and registers one {@link GrainKinds} bean listing them. The kinds reach the grain registry when
 * {@link DefaultGrainClient} is created.
 *
 * <p>Bad declarations (a class that is not a {@link Grain}, one that is also an {@link ActorComponent}, a kind that
 * is blank or has a {@code /}, a duplicate kind) fail the refresh here.
 */
public final class GrainComponentRegistrar implements BeanDefinitionRegistryPostProcessor {

    /** Bean name of the {@link GrainKinds} this registers. */
    public static final String KINDS_BEAN = "goaktGrainKinds";

    private static final ComponentScan SCAN =
            new ComponentScan(GrainComponent.class, "kind", "grain kinds must be unique");

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        GrainKinds kinds = new GrainKinds(SCAN.find(registry, GrainComponentRegistrar::describe, GrainKind::kind));
        ComponentScan.registerInfrastructure(registry, KINDS_BEAN, GrainKinds.class, kinds);
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
