package io.goakt.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the repository's main sources, checked by reading them as text.
 *
 * <p>The rules, each a test below:
 * <ul>
 *   <li>No main source file of any module holds more than {@value #MAX_CODE_LINES} lines of code: lines with
 *       something other than white space and comments. A long design essay in a class comment costs nothing; a
 *       class that carries a dozen concerns does.</li>
 *   <li>Public packages (every package without an {@code internal} segment, in every module) form no import
 *       cycle among themselves.</li>
 *   <li>A public package of the runtime reaches {@code io.goakt.internal} only from the factory classes in
 *       {@link #FACTORY_IMPORTS}: a public entry point such as {@code ActorSystem.create} may name the class it
 *       instantiates, and that is the one kind of cycle between a public package and its implementation.</li>
 *   <li>{@code io.goakt.actor} is the bottom of the actor API: of the public packages it uses only
 *       {@code dispatch}, {@code mailbox}, {@code supervision} and {@code shutdown}, which do not use it.
 *       Everything else ({@code eventstream}, {@code pubsub}, {@code router}, {@code grain}, {@code serialization},
 *       {@code remote}) sits on {@code actor}. This is why {@code EventStream} is in {@code actor} and its events
 *       are in {@code eventstream}.</li>
 *   <li>No public type extends or implements a type of an {@code internal} package: an implementation detail
 *       would otherwise be part of the API by inheritance.</li>
 * </ul>
 *
 * <p>A reference is an import (static, single-type or on demand) or a fully qualified name in code; comments and
 * string literals do not count. The sources are found from the test's working directory (the module directory
 * under Maven) by walking up to the directory that holds {@code goakt-runtime}. Every test also asserts that the
 * scan found what it expects, so that a wrong root cannot make the rules pass on nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageStructureTest {

    static final int MAX_CODE_LINES = 600;

    /**
     * The public classes that may name a class of {@code io.goakt.internal}, each with the one internal class it
     * creates. Keep it small: every entry is an import cycle between a public package and its implementation.
     */
    static final Map<String, Set<String>> FACTORY_IMPORTS = Map.ofEntries(
            Map.entry("io.goakt.actor.ActorSystem", Set.of("io.goakt.internal.actor.LocalActorSystem")),
            Map.entry("io.goakt.dispatch.Dispatchers", Set.of("io.goakt.internal.dispatch.ForkJoinDispatcher")),
            Map.entry("io.goakt.pubsub.PubSub", Set.of("io.goakt.internal.pubsub.LocalTopicRegistry")),
            Map.entry("io.goakt.grain.Grains", Set.of("io.goakt.internal.grain.LocalGrainRegistry")),
            Map.entry("io.goakt.mailbox.MessageQueue", Set.of("io.goakt.internal.mailbox.LinkedMessageQueue")),
            Map.entry("io.goakt.remote.Remoting", Set.of("io.goakt.internal.remote.RemotingEngine")),
            Map.entry("io.goakt.discovery.DnsDiscovery", Set.of("io.goakt.internal.discovery.DnsDiscoveryPing")),
            Map.entry("io.goakt.cluster.Cluster", Set.of("io.goakt.internal.cluster.ClusterNode",
                    "io.goakt.internal.cluster.pubsub.ClusterTopicRegistry")),
            Map.entry("io.goakt.cluster.ClusterActors", Set.of("io.goakt.internal.cluster.registry.NamedActorService")),
            Map.entry("io.goakt.cluster.ClusterGrains", Set.of("io.goakt.internal.cluster.grain.ClusterGrainService")),
            Map.entry("io.goakt.cluster.ClusterSingletons", Set.of("io.goakt.internal.cluster.singleton.SingletonService")),
            Map.entry("io.goakt.cluster.ClusterCron", Set.of("io.goakt.internal.cluster.cron.ClusterCronService")),
            Map.entry("io.goakt.discovery.KubernetesDiscovery", Set.of("io.goakt.internal.discovery.KubernetesDiscoveryPing")),
            Map.entry("io.goakt.discovery.EtcdDiscovery", Set.of("io.goakt.internal.discovery.EtcdDiscoveryPing")),
            Map.entry("io.goakt.discovery.NatsDiscovery", Set.of("io.goakt.internal.discovery.NatsDiscoveryPing")));

    /** The public packages {@code io.goakt.actor} builds on; none of them may use {@code actor}. */
    static final Set<String> BELOW_ACTOR = Set.of("io.goakt.dispatch", "io.goakt.mailbox", "io.goakt.supervision",
            "io.goakt.shutdown");

    static final String ACTOR = "io.goakt.actor";

    /** The runtime's public packages; the scan must find each of them. */
    static final Set<String> RUNTIME_PUBLIC_PACKAGES = Set.of(ACTOR, "io.goakt.mailbox", "io.goakt.dispatch",
            "io.goakt.supervision", "io.goakt.eventstream", "io.goakt.pubsub", "io.goakt.router", "io.goakt.grain",
            "io.goakt.remote", "io.goakt.serialization", "io.goakt.cluster", "io.goakt.discovery",
            "io.goakt.pattern", "io.goakt.shutdown");

    static final Set<String> MODULES = Set.of("goakt-runtime", "goakt-testkit", "goakt-spring-autoconfigure",
            "sample-app", "goakt-benchmarks");

    private static final Pattern PACKAGE_DECLARATION = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    /** A qualified name in code: lowercase package segments, then a type. Imports and static imports match too. */
    private static final Pattern QUALIFIED_TYPE = Pattern.compile("\\b(io\\.goakt(?:\\.[a-z_][\\w]*)*)\\.([A-Z]\\w*)");
    private static final Pattern ON_DEMAND_IMPORT = Pattern.compile(
            "\\bimport\\s+(?:static\\s+)?(io\\.goakt(?:\\.[a-z_][\\w]*)*)\\.\\*\\s*;");
    private static final Pattern SINGLE_IMPORT = Pattern.compile(
            "\\bimport\\s+(io\\.goakt(?:\\.[a-z_][\\w]*)*)\\.([A-Z]\\w*)\\s*;");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "((?:\\b(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*)"
                    + "\\b(class|interface|enum|record)\\s+([A-Za-z_]\\w*)");

    /** Read once for all tests (one instance per class); the tests only read it. */
    private List<SourceFile> sources;

    @BeforeAll
    void scan() throws IOException {
        Path root = repositoryRoot();
        List<SourceFile> found = new ArrayList<>();
        for (String module : new TreeSet<>(MODULES)) {
            Path main = root.resolve(module).resolve("src/main/java");
            assertThat(main).as("main sources of module %s", module).isDirectory();
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    found.add(SourceFile.read(root, file));
                }
            }
        }
        sources = found;
    }

    @Test
    void noMainSourceFileHoldsMoreThanSixHundredLinesOfCode() {
        assertThat(sources).as("main source files scanned").hasSizeGreaterThan(200);
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (source.codeLines > MAX_CODE_LINES) {
                violations.add(source.relativePath + ": " + source.codeLines + " lines of code (rule: at most "
                        + MAX_CODE_LINES + " lines that are not blank and not comments)");
            }
        }
        assertThat(violations).as("files over the size limit").isEmpty();
    }

    @Test
    void publicPackagesFormNoImportCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (SourceFile source : sources) {
            if (!isPublic(source.packageName)) {
                continue;
            }
            Set<String> edges = graph.computeIfAbsent(source.packageName, p -> new TreeSet<>());
            for (String used : source.referencedPackages()) {
                if (isPublic(used) && !used.equals(source.packageName)) {
                    edges.add(used);
                }
            }
        }
        assertThat(graph.keySet()).as("public packages scanned").containsAll(RUNTIME_PUBLIC_PACKAGES);
        List<String> violations = new ArrayList<>();
        for (Set<String> cycle : stronglyConnectedComponents(graph)) {
            if (cycle.size() < 2) {
                continue;
            }
            StringBuilder why = new StringBuilder("packages " + cycle + " import each other (rule: no import "
                    + "cycle between public packages):");
            for (SourceFile source : sources) {
                if (cycle.contains(source.packageName)) {
                    for (String used : source.referencedPackages()) {
                        if (!used.equals(source.packageName) && cycle.contains(used)) {
                            why.append("\n    ").append(source.relativePath).append(" uses ").append(used);
                        }
                    }
                }
            }
            violations.add(why.toString());
        }
        assertThat(violations).as("import cycles between public packages").isEmpty();
    }

    @Test
    void publicRuntimePackagesReachInternalCodeOnlyThroughFactories() {
        // An internal package that uses no public package (a leaf utility such as internal.util) cannot close a
        // cycle, so public code may use it freely; every other internal package is some public package's
        // implementation, reached only through a factory.
        Set<String> internalPackages = new TreeSet<>();
        Set<String> implementationPackages = new TreeSet<>();
        for (SourceFile source : sources) {
            if (source.packageName.startsWith("io.goakt.internal")) {
                internalPackages.add(source.packageName);
                if (source.referencedPackages().stream().anyMatch(PackageStructureTest::isPublic)) {
                    implementationPackages.add(source.packageName);
                }
            }
        }
        Set<String> publicFreeInternal = new TreeSet<>(internalPackages);
        publicFreeInternal.removeAll(implementationPackages);
        assertThat(implementationPackages).as("internal packages that implement public ones")
                .contains("io.goakt.internal.actor", "io.goakt.internal.remote", "io.goakt.internal.mailbox");
        int publicRuntimeFiles = 0;
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (!RUNTIME_PUBLIC_PACKAGES.contains(source.packageName)) {
                continue;
            }
            publicRuntimeFiles++;
            Set<String> allowed = FACTORY_IMPORTS.getOrDefault(source.className(), Set.of());
            for (String used : source.referencedTypes()) {
                if (used.startsWith("io.goakt.internal.") && !allowed.contains(used)
                        && !publicFreeInternal.contains(packageOf(used))) {
                    violations.add(source.relativePath + " uses " + used + " (rule: a public package reaches "
                            + "io.goakt.internal only from the factory classes allow-listed in PackageStructureTest)");
                }
            }
            for (String onDemand : source.onDemandImports) {
                if (onDemand.startsWith("io.goakt.internal")) {
                    violations.add(source.relativePath + " imports " + onDemand + ".* (rule: a public package "
                            + "reaches io.goakt.internal only from allow-listed factory classes)");
                }
            }
        }
        assertThat(publicRuntimeFiles).as("source files in the runtime's public packages").isGreaterThan(50);
        assertThat(violations).as("public code that reaches internal code").isEmpty();
    }

    @Test
    void actorPackageBuildsOnlyOnDispatchMailboxAndSupervision() {
        int actorFiles = 0;
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (source.packageName.equals(ACTOR)) {
                actorFiles++;
                for (String used : source.referencedPackages()) {
                    if (isPublic(used) && !used.equals(ACTOR) && !BELOW_ACTOR.contains(used)) {
                        violations.add(source.relativePath + " uses " + used + " (rule: io.goakt.actor uses no "
                                + "public package but " + new TreeSet<>(BELOW_ACTOR) + ")");
                    }
                }
            } else if (BELOW_ACTOR.contains(source.packageName) && source.referencedPackages().contains(ACTOR)) {
                violations.add(source.relativePath + " uses " + ACTOR + " (rule: " + source.packageName
                        + " lies below io.goakt.actor and must not use it)");
            }
        }
        assertThat(actorFiles).as("source files in io.goakt.actor").isGreaterThan(20);
        assertThat(violations).as("io.goakt.actor's layering").isEmpty();
    }

    @Test
    void noPublicTypeExtendsOrImplementsAnInternalType() {
        int publicTypes = 0;
        List<String> violations = new ArrayList<>();
        for (SourceFile source : sources) {
            if (!isPublic(source.packageName)) {
                continue;
            }
            for (TypeDeclaration type : source.typeDeclarations()) {
                if (!type.isPublic) {
                    continue;
                }
                publicTypes++;
                for (String supertype : type.supertypes) {
                    String resolved = source.resolve(supertype);
                    if (resolved != null && !isPublic(packageOf(resolved))) {
                        violations.add(source.relativePath + ": public type " + type.name + " extends or implements "
                                + resolved + " (rule: no public type inherits from an internal type)");
                    }
                }
            }
        }
        assertThat(publicTypes).as("public types declared in public packages").isGreaterThan(200);
        assertThat(violations).as("public types that inherit from internal types").isEmpty();
    }

    @Test
    void codeLinesLeaveOutCommentsBlankLinesAndCommentMarkersInStrings() {
        String text = """
                /**
                 * Javadoc.
                 */
                package a; // a trailing comment keeps its line

                /* one block */ /* and
                   another */
                class A {
                    String s = "/* not a comment";
                    String t = \"""
                        // a text block line is code
                        \""";
                    char c = '"';
                    // a comment
                }
                """;
        Lexed lexed = Lexed.of(text);
        assertThat(lexed.codeLines()).isEqualTo(8);
        assertThat(lexed.code()).doesNotContain("Javadoc", "one block", "not a comment", "a comment");
    }

    @Test
    void cycleSearchFindsPackagesThatImportEachOtherThroughAThird() {
        Map<String, Set<String>> graph = Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        List<Set<String>> cycles = stronglyConnectedComponents(new TreeMap<>(graph)).stream()
                .filter(c -> c.size() > 1).toList();
        assertThat(cycles).containsExactly(Set.of("a", "b", "c"));
    }

    @Test
    void scanSeesQualifiedNamesAndInheritanceFromImportedInternalTypes() {
        SourceFile source = new SourceFile("X.java", "X.java", Lexed.of("""
                package io.goakt.remote;
                import io.goakt.internal.actor.InternalActorRef;
                // io.goakt.internal.remote.InComment is not a reference
                public final class X extends InternalActorRef implements java.io.Serializable {
                    private io.goakt.internal.remote.proto.ActorRefData data;
                    static final class Y implements Comparable<Y> { }
                }
                """));
        assertThat(source.referencedTypes()).containsExactlyInAnyOrder(
                "io.goakt.internal.actor.InternalActorRef", "io.goakt.internal.remote.proto.ActorRefData");
        List<TypeDeclaration> types = source.typeDeclarations();
        assertThat(types).extracting(TypeDeclaration::name).containsExactly("X", "Y");
        assertThat(types.get(0).isPublic()).isTrue();
        assertThat(types.get(0).supertypes()).containsExactly("InternalActorRef", "java.io.Serializable");
        assertThat(source.resolve("InternalActorRef")).isEqualTo("io.goakt.internal.actor.InternalActorRef");
        assertThat(source.resolve("java.io.Serializable")).isNull();
    }

    private static boolean isPublic(String packageName) {
        return !(packageName.contains(".internal.") || packageName.endsWith(".internal"));
    }

    private static String packageOf(String qualifiedType) {
        return qualifiedType.substring(0, qualifiedType.lastIndexOf('.'));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("goakt-runtime/src/main/java"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    /** Tarjan's algorithm; returns every strongly connected component of the graph. */
    private static List<Set<String>> stronglyConnectedComponents(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }

    record TypeDeclaration(String name, boolean isPublic, List<String> supertypes) {
    }

    /** One main source file: where it is, its package, and its text with comments and literals blanked. */
    static final class SourceFile {
        final String relativePath;
        final String packageName;
        final String fileName;
        final String code;
        final int codeLines;
        final Set<String> onDemandImports = new TreeSet<>();
        final Map<String, String> singleImports = new HashMap<>();

        private SourceFile(String relativePath, String fileName, Lexed lexed) {
            this.relativePath = relativePath;
            this.fileName = fileName;
            this.code = lexed.code();
            this.codeLines = lexed.codeLines();
            Matcher pkg = PACKAGE_DECLARATION.matcher(code);
            this.packageName = pkg.find() ? pkg.group(1) : "";
            Matcher onDemand = ON_DEMAND_IMPORT.matcher(code);
            while (onDemand.find()) {
                onDemandImports.add(onDemand.group(1));
            }
            Matcher single = SINGLE_IMPORT.matcher(code);
            while (single.find()) {
                singleImports.put(single.group(2), single.group(1) + "." + single.group(2));
            }
        }

        static SourceFile read(Path root, Path file) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return new SourceFile(root.relativize(file).toString(), file.getFileName().toString(), Lexed.of(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String className() {
            return packageName + "." + fileName.substring(0, fileName.length() - ".java".length());
        }

        /** The goakt types this file names with their package: imports, static imports, qualified names. */
        Set<String> referencedTypes() {
            Set<String> types = new TreeSet<>();
            Matcher m = QUALIFIED_TYPE.matcher(codeWithoutPackageDeclaration());
            while (m.find()) {
                types.add(m.group(1) + "." + m.group(2));
            }
            return types;
        }

        Set<String> referencedPackages() {
            Set<String> packages = new TreeSet<>(onDemandImports);
            for (String type : referencedTypes()) {
                packages.add(packageOf(type));
            }
            return packages;
        }

        private String codeWithoutPackageDeclaration() {
            return PACKAGE_DECLARATION.matcher(code).replaceFirst("");
        }

        /** The qualified goakt name a supertype as written resolves to, or null if it is not a goakt type. */
        String resolve(String written) {
            String simple = written.contains(".") ? written.substring(0, written.indexOf('.')) : written;
            if (Character.isLowerCase(simple.charAt(0))) {
                return written.startsWith("io.goakt.") ? written : null;
            }
            String imported = singleImports.get(simple);
            String qualified = imported != null ? imported + written.substring(simple.length()) : null;
            return qualified != null && qualified.startsWith("io.goakt.") ? qualified : null;
        }

        List<TypeDeclaration> typeDeclarations() {
            List<TypeDeclaration> types = new ArrayList<>();
            Matcher m = TYPE_DECLARATION.matcher(code);
            while (m.find()) {
                boolean isPublic = m.group(1).contains("public");
                int headerEnd = code.indexOf('{', m.end());
                if (headerEnd < 0) {
                    continue;
                }
                String header = withoutTypeArguments(code.substring(m.end(), headerEnd));
                if ("record".equals(m.group(2))) {
                    header = header.replaceFirst("^\\s*\\([^)]*\\)", "");
                }
                types.add(new TypeDeclaration(m.group(3), isPublic, supertypesIn(header)));
            }
            return types;
        }

        private static List<String> supertypesIn(String header) {
            List<String> supertypes = new ArrayList<>();
            Matcher clause = Pattern.compile("\\b(extends|implements)\\b([^{]*?)(?=\\bextends\\b|\\bimplements\\b"
                    + "|\\bpermits\\b|$)").matcher(header);
            while (clause.find()) {
                for (String part : clause.group(2).split(",")) {
                    String name = part.replaceAll("@[\\w.]+", "").trim();
                    if (!name.isEmpty()) {
                        supertypes.add(name);
                    }
                }
            }
            return supertypes;
        }

        private static String withoutTypeArguments(String text) {
            StringBuilder out = new StringBuilder();
            int depth = 0;
            for (char c : text.toCharArray()) {
                if (c == '<') {
                    depth++;
                } else if (c == '>') {
                    depth--;
                } else if (depth == 0) {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /**
     * A Java source with comments blanked and literal contents blanked, and the number of its lines that hold code.
     * Newlines are kept, so a blanked text has the original's line structure.
     */
    record Lexed(String code, int codeLines) {

        static Lexed of(String text) {
            StringBuilder code = new StringBuilder(text.length());
            int codeLines = 0;
            boolean lineHasCode = false;
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                char next = i + 1 < n ? text.charAt(i + 1) : '\0';
                if (c == '\n') {
                    if (lineHasCode) {
                        codeLines++;
                    }
                    lineHasCode = false;
                    code.append('\n');
                    i++;
                } else if (c == '/' && next == '/') {
                    while (i < n && text.charAt(i) != '\n') {
                        code.append(' ');
                        i++;
                    }
                } else if (c == '/' && next == '*') {
                    int end = text.indexOf("*/", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    for (; i < stop; i++) {
                        if (text.charAt(i) == '\n') {
                            if (lineHasCode) {
                                codeLines++;
                            }
                            lineHasCode = false;
                            code.append('\n');
                        } else {
                            code.append(' ');
                        }
                    }
                } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    while (end > 0 && text.charAt(end - 1) == '\\') {
                        end = text.indexOf("\"\"\"", end + 1);
                    }
                    int stop = end < 0 ? n : end + 3;
                    code.append("\"\"\"");
                    lineHasCode = true;
                    for (i += 3; i < stop - 3; i++) {
                        if (text.charAt(i) == '\n') {
                            codeLines++;
                            code.append('\n');
                        } else {
                            code.append(' ');
                        }
                    }
                    code.append("\"\"\"");
                    i = stop;
                } else if (c == '"' || c == '\'') {
                    code.append(c);
                    lineHasCode = true;
                    i++;
                    while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                        if (text.charAt(i) == '\\') {
                            code.append(' ');
                            i++;
                        }
                        code.append(' ');
                        i++;
                    }
                    if (i < n && text.charAt(i) == c) {
                        code.append(c);
                        i++;
                    }
                } else {
                    if (!Character.isWhitespace(c)) {
                        lineHasCode = true;
                    }
                    code.append(c);
                    i++;
                }
            }
            if (lineHasCode) {
                codeLines++;
            }
            return new Lexed(code.toString(), codeLines);
        }
    }
}
