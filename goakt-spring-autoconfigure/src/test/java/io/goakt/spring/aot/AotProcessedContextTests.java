package io.goakt.spring.aot;

import io.goakt.spring.aot.AotActors.App;
import io.goakt.spring.aot.AotActors.Greet;
import io.goakt.spring.aot.AotActors.GreeterActor;
import io.goakt.spring.aot.AotActors.GreeterClient;
import io.goakt.spring.aot.AotActors.Greeting;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Spring AOT on a context with an {@code @ActorComponent}, the way {@code spring-boot:process-aot} does:
 * processing succeeds, the hints cover the component and the remoting messages, and the generated initializer,
 * compiled and started without the configuration classes being parsed, spawns the actor and answers an ask.
 */
class AotProcessedContextTests {

    private static final String INITIALIZER = "io.goakt.spring.aot.AotTestApp";

    private final InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();

    @Test
    void processingContributesHintsForTheComponentItsAnnotationsAndTheRemotingMessages() {
        DefaultGenerationContext generation = process();

        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.reflection().onType(GreeterActor.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ActorComponent.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ActorName.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Greet.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Greeting.class, "text")).accepts(hints);
    }

    @Test
    void theGeneratedInitializerStartsTheActorWithoutParsingTheConfiguration(@TempDir Path classes) throws Exception {
        process();
        compileAndDefine(files, classes);

        @SuppressWarnings("unchecked")
        ApplicationContextInitializer<GenericApplicationContext> initializer =
                (ApplicationContextInitializer<GenericApplicationContext>) Class.forName(INITIALIZER
                        + "__ApplicationContextInitializer").getDeclaredConstructor().newInstance();
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            initializer.initialize(context);
            context.refresh();

            GreeterClient client = context.getBean(GreeterClient.class);
            Object reply = client.greeter.ask(new Greet("aot"), Duration.ofSeconds(30)).toCompletableFuture()
                    .get();
            assertThat(reply).isEqualTo(new Greeting("hello aot"));
        }
    }

    private DefaultGenerationContext process() {
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.bestGuess(INITIALIZER)), files);
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
            context.registerBean(App.class);
            new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        }
        generation.writeGeneratedContent();
        return generation;
    }

    /**
     * Compiles the generated sources and defines each class in the package of the class it was generated for, in
     * this class loader (generated code calls package-private members of its package).
     */
    private static void compileAndDefine(InMemoryGeneratedFiles files, Path out) throws Exception {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Map.Entry<String, InputStreamSource> e : files.getGeneratedFiles(Kind.SOURCE).entrySet()) {
            String text = read(e.getValue());
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + e.getKey()), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        boolean compiled = javac.getTask(null, null, null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
                        "-proc:none", "-nowarn"), null, sources).call();
        assertThat(compiled).as("the generated sources compile").isTrue();
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(out)) {
            // outer classes before their nested ones
            classFiles = walk.filter(p -> p.toString().endsWith(".class"))
                    .sorted(Comparator.comparing(p -> p.toString().length())).toList();
        }
        for (Path classFile : classFiles) {
            String binaryName = out.relativize(classFile).toString().replace('/', '.').replaceAll("\\.class$", "");
            String topLevel = binaryName.contains("$") ? binaryName.substring(0, binaryName.indexOf('$'))
                    : binaryName;
            String target = topLevel.contains("__") ? topLevel.substring(0, topLevel.indexOf("__")) : topLevel;
            Class<?> anchor = Class.forName(target.equals(INITIALIZER) ? AotActors.class.getName() : target);
            MethodHandles.privateLookupIn(anchor, MethodHandles.lookup()).defineClass(Files.readAllBytes(classFile));
        }
    }

    private static String read(InputStreamSource source) {
        try (InputStream in = source.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
