package io.goakt.spring.internal;

import org.springframework.beans.factory.BeanDefinitionStoreException;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Finds the bean definitions whose class carries one component annotation ({@code @ActorComponent},
 * {@code @GrainComponent}) while the context refreshes, before any bean exists. Each found definition is forced to
 * prototype scope: the runtime makes a fresh instance per actor start or grain activation, and one shared instance
 * would carry state from one to the next. A class registered as two beans, or two classes claiming the same key
 * (actor name, grain kind), fail the refresh naming both.
 *
 * <p>Immutable; one per annotation.
 */
final class ComponentScan {

    private final Class<? extends Annotation> annotation;
    private final String keyName;
    private final String uniqueRule;

    /**
     * @param keyName    what the key of a component is called in errors, as in {@code "name"}
     * @param uniqueRule the sentence that ends a duplicate-key error, as in {@code "actor names must be unique"}
     */
    ComponentScan(Class<? extends Annotation> annotation, String keyName, String uniqueRule) {
        this.annotation = annotation;
        this.keyName = keyName;
        this.uniqueRule = uniqueRule;
    }

    /**
     * Describes every component in {@code registry}, in bean definition order, and makes each definition a
     * prototype.
     *
     * @param describe makes a kind of a bean name and the component's class; throws to reject a bad declaration
     * @param key      the kind's key, unique among the components
     */
    <K> List<K> find(BeanDefinitionRegistry registry, BiFunction<String, Class<?>, K> describe,
                     Function<K, String> key) {
        ClassLoader loader = registry instanceof ConfigurableListableBeanFactory f ? f.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
        String label = "@" + annotation.getSimpleName();
        Map<String, K> byKey = new LinkedHashMap<>();
        Map<String, Class<?>> typeByKey = new LinkedHashMap<>();
        Map<Class<?>, String> beanByType = new LinkedHashMap<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition bd = registry.getBeanDefinition(beanName);
            Class<?> type = componentClass(bd, loader);
            if (type == null) {
                continue;
            }
            K kind = describe.apply(beanName, type);
            String k = key.apply(kind);
            Class<?> clash = typeByKey.putIfAbsent(k, type);
            if (clash != null) {
                throw new BeanDefinitionStoreException(label + " " + keyName + " '" + k + "' is declared by both "
                        + clash.getName() + " and " + type.getName() + "; " + uniqueRule);
            }
            String otherBean = beanByType.putIfAbsent(type, beanName);
            if (otherBean != null) {
                throw new BeanDefinitionStoreException(label + " " + type.getName() + " is registered twice, as '"
                        + otherBean + "' and '" + beanName + "'");
            }
            byKey.put(k, kind);
            bd.setScope(BeanDefinition.SCOPE_PROTOTYPE);
        }
        return List.copyOf(byKey.values());
    }

    /** Registers {@code instance} as an infrastructure bean named {@code beanName}. */
    static <T> void registerInfrastructure(BeanDefinitionRegistry registry, String beanName, Class<T> type,
                                           T instance) {
        RootBeanDefinition definition = new RootBeanDefinition(type, () -> instance);
        definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(beanName, skippedByAot(definition));
    }

    /**
     * Leaves {@code definition} out of the code Spring AOT generates. A registrar's own definitions carry an
     * instance supplier, which AOT cannot write as code; they need not be written either: the registrar is a bean
     * of the generated context, so under AOT it runs again at start-up, finds the components among the generated
     * definitions and registers these anew.
     */
    static RootBeanDefinition skippedByAot(RootBeanDefinition definition) {
        definition.setAttribute(BeanRegistrationAotProcessor.IGNORE_REGISTRATION_ATTRIBUTE, true);
        return definition;
    }

    /**
     * The class of the bean {@code bd} defines when it carries the annotation (directly or as a meta-annotation),
     * else null. A definition from a {@code @Bean} method is judged by the method's return type.
     */
    private Class<?> componentClass(BeanDefinition bd, ClassLoader loader) {
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
}
