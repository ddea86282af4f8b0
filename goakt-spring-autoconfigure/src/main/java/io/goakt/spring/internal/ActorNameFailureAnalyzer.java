package io.goakt.spring.internal;

import io.goakt.spring.ActorName;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

import java.util.ArrayList;
import java.util.List;

/**
 * Explains a start-up that failed because an {@link ActorName} injection point names an actor no
 * {@code @ActorComponent} declares, listing the names that are declared. Runs before Spring Boot's generic
 * "no qualifying bean" analysis.
 */
public final class ActorNameFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException>
        implements Ordered {

    private final BeanFactory beanFactory;

    /** Reads declared names from {@code beanFactory}'s bean definitions. */
    public ActorNameFailureAnalyzer(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        UnsatisfiedDependencyException unsatisfied = findCause(rootFailure, UnsatisfiedDependencyException.class);
        InjectionPoint point = unsatisfied == null ? null : unsatisfied.getInjectionPoint();
        ActorName name = point == null ? null : point.getAnnotation(ActorName.class);
        if (name == null) {
            return null;
        }
        String where = point.getMember().getDeclaringClass().getName();
        return new FailureAnalysis("No actor named '" + name.value() + "' for @ActorName in " + where
                + ". Declared actor names: " + declaredNames() + ".",
                "Declare an @ActorComponent(name = \"" + name.value() + "\") class, or fix the name in @ActorName.",
                cause);
    }

    private List<String> declaredNames() {
        List<String> names = new ArrayList<>();
        if (beanFactory instanceof BeanDefinitionRegistry registry) {
            for (String bean : registry.getBeanDefinitionNames()) {
                if (bean.startsWith(ActorComponentRegistrar.REF_BEAN_PREFIX)) {
                    names.add(bean.substring(ActorComponentRegistrar.REF_BEAN_PREFIX.length()));
                }
            }
        }
        return names;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
