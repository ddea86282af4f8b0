package io.goakt.spring.internal;

import com.google.protobuf.Timestamp;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.spring.GrainComponent;
import io.goakt.spring.RemoteSerializationCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/** The hints {@link GoaktAotHints} contributes for grains and for protobuf and Jackson message types. */
class GoaktAotHintsTests {

    /** A grain component. */
    @GrainComponent(kind = "tally")
    static class TallyGrain implements Grain {
        @Override
        public void receive(GrainContext ctx) {
        }
    }

    /** A message Jackson writes. */
    record Ping(String text, int count) {
    }

    @Test
    void grainComponentsAndRegisteredMessagesGetReflectionHints() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition("tallyGrain", new RootBeanDefinition(TallyGrain.class));
        RemoteSerializationCustomizer messages = types -> types.register("test.Ping", Ping.class)
                .register("test.Stamp", Timestamp.class);
        beanFactory.registerBeanDefinition("messages",
                new RootBeanDefinition(RemoteSerializationCustomizer.class, () -> messages));
        new ActorComponentRegistrar().postProcessBeanDefinitionRegistry(beanFactory);
        new GrainComponentRegistrar().postProcessBeanDefinitionRegistry(beanFactory);

        RuntimeHints hints = apply(new GoaktAotHints().processAheadOfTime(beanFactory));

        assertThat(RuntimeHintsPredicates.reflection().onType(TallyGrain.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(GrainComponent.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Timestamp.class, "getDefaultInstance"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Ping.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Ping.class, "count")).accepts(hints);
    }

    @Test
    void anApplicationWithoutComponentsOrMessagesGetsNoContribution() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        new ActorComponentRegistrar().postProcessBeanDefinitionRegistry(beanFactory);
        new GrainComponentRegistrar().postProcessBeanDefinitionRegistry(beanFactory);

        assertThat(new GoaktAotHints().processAheadOfTime(beanFactory)).isNull();
    }

    private static RuntimeHints apply(BeanFactoryInitializationAotContribution contribution) {
        assertThat(contribution).isNotNull();
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("io.goakt.test", "Hints")), new InMemoryGeneratedFiles());
        contribution.applyTo(generation, null);
        return generation.getRuntimeHints();
    }
}
