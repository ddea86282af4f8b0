package io.goakt.spring.internal;

import com.google.protobuf.MessageLite;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.GrainComponent;
import io.goakt.spring.RemoteSerializationCustomizer;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link RuntimeHints} a Spring AOT build of an application needs for goakt: registered through
 * {@code META-INF/spring/aot.factories}, it runs once per AOT build, after the context has been refreshed for AOT
 * processing (so the component registrars have run and the kinds are known).
 * <ul>
 *   <li>Every {@link ActorComponent} and {@link GrainComponent} class: the registrars read their annotations again
 *       at start-up, and the annotations themselves, {@link ActorName} included (it qualifies injection points).</li>
 *   <li>Every message type a {@link RemoteSerializationCustomizer} bean registers: a protobuf class its public
 *       methods ({@code getDefaultInstance} finds the parser), any other class the binding hints Jackson needs to
 *       read and write it (constructors, accessors, fields, recursively through its properties).</li>
 * </ul>
 * The runtime loads no resource files of its own, so there are no resource hints.
 */
public final class GoaktAotHints implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        List<Class<?>> components = new ArrayList<>();
        if (beanFactory.containsBean(ActorComponentRegistrar.KINDS_BEAN)) {
            beanFactory.getBean(ActorComponentRegistrar.KINDS_BEAN, ActorKinds.class).all()
                    .forEach(kind -> components.add(kind.type()));
        }
        if (beanFactory.containsBean(GrainComponentRegistrar.KINDS_BEAN)) {
            beanFactory.getBean(GrainComponentRegistrar.KINDS_BEAN, GrainKinds.class).all()
                    .forEach(kind -> components.add(kind.type()));
        }
        Set<Class<?>> messages = messageTypes(beanFactory);
        if (components.isEmpty() && messages.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> register(generationContext.getRuntimeHints(), components, messages);
    }

    /** The classes the application's {@link RemoteSerializationCustomizer} beans register, in their order. */
    private static Set<Class<?>> messageTypes(ConfigurableListableBeanFactory beanFactory) {
        Serialization.Builder types = Serialization.builder();
        beanFactory.getBeanProvider(RemoteSerializationCustomizer.class).orderedStream()
                .forEach(customizer -> customizer.customize(types));
        return new LinkedHashSet<>(types.build().types());
    }

    /** Adds the hints for {@code components} and {@code messages} to {@code hints}. */
    static void register(RuntimeHints hints, Iterable<Class<?>> components, Iterable<Class<?>> messages) {
        ReflectionHints reflection = hints.reflection();
        for (Class<?> annotation : List.of(ActorComponent.class, GrainComponent.class, ActorName.class)) {
            reflection.registerType(annotation, MemberCategory.INVOKE_DECLARED_METHODS);
        }
        for (Class<?> component : components) {
            reflection.registerType(component, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        }
        BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
        for (Class<?> message : messages) {
            if (MessageLite.class.isAssignableFrom(message)) {
                reflection.registerType(message, MemberCategory.INVOKE_PUBLIC_METHODS);
            } else {
                bindings.registerReflectionHints(reflection, message);
            }
        }
    }
}
